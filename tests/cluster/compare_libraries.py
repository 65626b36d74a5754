#!/usr/bin/env python3
"""Two libraries hold the same generations: the same rows (every setting but the creation time
and duration), no row twice, and pixel-identical images (OpenImageIO's idiff, no tolerance).

   compare_libraries.py PIXART_CLI EXPECTED_LIBRARY ACTUAL_LIBRARY
"""
import json
import subprocess
import sys

VARYING = ("created", "duration_seconds")


def rows(cli, library):
    listing = subprocess.run([cli, "history", "--library", library, "--limit", "0"],
                             check=True, capture_output=True, text=True).stdout
    found = {}
    for line in listing.splitlines():
        row = json.loads(line)
        settings = {k: v for k, v in row["settings"].items() if k not in VARYING}
        key = json.dumps(settings, sort_keys=True)
        if key in found:
            sys.exit(f"{library}: generated twice: {key}")
        found[key] = row["file"]
    return found


def main():
    cli, expected_library, actual_library = sys.argv[1:4]
    expected, actual = rows(cli, expected_library), rows(cli, actual_library)
    missing = set(expected) - set(actual)
    extra = set(actual) - set(expected)
    if missing or extra:
        sys.exit(f"rows differ: {len(missing)} missing, {len(extra)} extra:\n"
                 + "\n".join(sorted(missing | extra)))
    for key, expected_file in expected.items():
        diff = subprocess.run(["idiff", "-q", "-a", "-warn", "0", "-fail", "0",
                               expected_file, actual[key]], capture_output=True, text=True)
        if diff.returncode != 0:
            sys.exit(f"pixels differ: {expected_file} vs {actual[key]}:\n{diff.stdout}")
    print(f"compare_libraries: {len(expected)} rows, same settings, same pixels")


if __name__ == "__main__":
    main()
