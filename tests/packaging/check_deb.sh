#!/usr/bin/env bash
# The Debian package as users get it (issue 15, item 13): CPack builds it from this build tree
# into a scratch folder, lintian finds no error and no warning in it, and it carries the files a
# package must (copyright, changelog, man pages, the tokenizer module outside the linker's path).
#   check_deb.sh BUILD_DIR WORK_DIR
set -euo pipefail
build="$1" work="$2"
if ! command -v lintian > /dev/null; then
  if [ "${CI:-}" = true ]; then echo "check_deb: lintian is not installed" >&2; exit 1; fi
  echo "SKIP: lintian is not installed"; exit 0
fi
rm -rf "$work"; mkdir -p "$work"
cpack -G DEB -B "$work" --config "$build/CPackConfig.cmake" > "$work/cpack.log" 2>&1 \
  || { tail -20 "$work/cpack.log"; exit 1; }
deb="$(ls "$work"/*.deb)"
contents="$(dpkg -c "$deb" | awk '{print $6}')"
for file in ./usr/share/doc/pixart-studio/copyright ./usr/share/doc/pixart-studio/changelog.gz \
            ./usr/share/man/man1/pixart-cli.1.gz ./usr/bin/pixart-cli; do
  grep -qxF "$file" <<< "$contents" || { echo "check_deb: $file is missing from $deb" >&2; exit 1; }
done
if grep -q '^\./usr/lib/pixart-studio/\|^\./usr/lib/[^/]*\.so' <<< "$contents"; then
  echo "check_deb: a shared object on the linker's path (ldconfig would be needed)" >&2; exit 1
fi
# --fail-on warning: errors and warnings both fail (info and pedantic tags do not).
lintian --fail-on error,warning "$deb"
echo "check_deb: $(basename "$deb"): lintian clean"
