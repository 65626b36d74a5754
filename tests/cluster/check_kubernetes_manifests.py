#!/usr/bin/env python3
"""The Kubernetes manifests of packaging/cluster/, checked without a cluster.

`kubectl apply --dry-run=client` needs an API server's OpenAPI document (there is none in CI),
so this checks what the API server would and what our batch needs: the fields of Job, PodSpec
and Container that exist (a misspelt field is silently dropped by some tools), their types,
an Indexed Job whose completions, parallelism and --shards agree, JOB_COMPLETION_INDEX declared
from the annotation before $(JOB_COMPLETION_INDEX) is used, every mount backed by a volume, the
model mounted read-only and the outputs on the writable volume.

   check_kubernetes_manifests.py packaging/cluster
"""
import pathlib
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed (packaging/install-deps.sh --cluster)")
    sys.exit(0)

JOB_SPEC = {"activeDeadlineSeconds", "backoffLimit", "backoffLimitPerIndex", "completionMode",
            "completions", "managedBy", "manualSelector", "maxFailedIndexes", "parallelism",
            "podFailurePolicy", "podReplacementPolicy", "selector", "successPolicy", "suspend",
            "template", "ttlSecondsAfterFinished"}
POD_SPEC = {"activeDeadlineSeconds", "affinity", "automountServiceAccountToken", "containers",
            "dnsConfig", "dnsPolicy", "enableServiceLinks", "hostname", "imagePullSecrets",
            "initContainers", "nodeName", "nodeSelector", "priorityClassName", "restartPolicy",
            "schedulerName", "securityContext", "serviceAccountName", "subdomain",
            "terminationGracePeriodSeconds", "tolerations", "topologySpreadConstraints",
            "volumes"}
CONTAINER = {"args", "command", "env", "envFrom", "image", "imagePullPolicy", "lifecycle",
             "livenessProbe", "name", "ports", "readinessProbe", "resizePolicy", "resources",
             "restartPolicy", "securityContext", "startupProbe", "stdin", "stdinOnce",
             "terminationMessagePath", "terminationMessagePolicy", "tty", "volumeDevices",
             "volumeMounts", "workingDir"}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']"

problems = []


def check(condition, where, message):
    if not condition:
        problems.append(f"{where}: {message}")
    return condition


def known_fields(mapping, allowed, where):
    for key in mapping:
        check(key in allowed, where, f"unknown field '{key}'")


def option(args, name):
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None


def under(path, mount):
    return path == mount or path.startswith(mount.rstrip("/") + "/")


def check_job(doc, where):
    check(doc.get("apiVersion") == "batch/v1", where, "apiVersion must be batch/v1")
    check(doc.get("kind") == "Job", where, "kind must be Job")
    name = doc.get("metadata", {}).get("name", "")
    check(bool(DNS_LABEL.match(name)) and len(name) <= 63, where, f"bad name '{name}'")
    spec = doc.get("spec", {})
    known_fields(spec, JOB_SPEC, where + ": spec")
    for field in ("completions", "parallelism", "backoffLimit"):
        if field in spec:
            check(isinstance(spec[field], int) and spec[field] >= 0, where, f"{field} must be a count")
    pod = spec.get("template", {}).get("spec", {})
    known_fields(pod, POD_SPEC, where + ": pod spec")
    check(pod.get("restartPolicy") in ("OnFailure", "Never"), where,
          "a Job's pods restart OnFailure or Never")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    containers = pod.get("containers", [])
    check(len(containers) == 1, where, "one container")
    for container in containers:
        cwhere = f"{where}: container {container.get('name')}"
        known_fields(container, CONTAINER, cwhere)
        check(isinstance(container.get("image"), str) and container["image"], cwhere, "no image")
        for key in ("args", "command"):
            if key in container:
                check(all(isinstance(a, str) for a in container[key]), cwhere,
                      f"{key} must be strings (quote numbers)")
        mounts = {}
        for mount in container.get("volumeMounts", []):
            check(mount.get("name") in volumes, cwhere, f"mount {mount.get('name')} has no volume")
            mounts[mount.get("mountPath")] = mount
        yield container, mounts, volumes, spec


def check_batch_job(doc, where):
    for container, mounts, volumes, spec in check_job(doc, where):
        args = container.get("args", [])
        check(args[:1] == ["batch"], where, "runs pixart-cli batch")
        check(spec.get("completionMode") == "Indexed", where, "completionMode must be Indexed")
        completions, parallelism = spec.get("completions"), spec.get("parallelism", 1)
        shards = option(args, "--shards")
        check(shards is not None and shards.isdigit() and int(shards) == completions, where,
              f"--shards {shards} must equal completions {completions}")
        check(isinstance(parallelism, int) and 1 <= parallelism <= (completions or 0), where,
              "parallelism must be 1..completions")
        env = {e["name"]: e for e in container.get("env", [])}
        index = env.get("JOB_COMPLETION_INDEX", {}).get("valueFrom", {}).get("fieldRef", {})
        check(index.get("fieldPath") == INDEX_ANNOTATION, where,
              "JOB_COMPLETION_INDEX must come from the completion-index annotation")
        library = option(args, "--library") or ""
        check("$(JOB_COMPLETION_INDEX)" in library, where, "each shard needs its own --library")
        models = [m for path, m in mounts.items() if under(option(args, "--model") or "", path)]
        if check(len(models) == 1, where, "--model must be on a mounted volume"):
            model = models[0]
            check(model.get("readOnly") is True, where, "the model must be mounted read-only")
            claim = volumes[model["name"]].get("persistentVolumeClaim", {})
            check(claim.get("readOnly") is True, where, "the model claim must be read-only")
        for name in ("--jobs", "--out-dir", "--library"):
            path = option(args, name) or ""
            writable = [m for mpath, m in mounts.items() if under(path, mpath)]
            check(len(writable) == 1 and not writable[0].get("readOnly", False), where,
                  f"{name} {path} must be on a writable mounted volume")


def check_merge_job(doc, where):
    for container, mounts, _, _ in check_job(doc, where):
        script = " ".join(container.get("command", []) + container.get("args", []))
        check("pixart-cli library merge" in script, where, "runs pixart-cli library merge")
        paths = re.findall(r"(/\S+)", script.split("library merge", 1)[-1])
        for path in paths:
            check(any(under(path.rstrip("*"), m) for m in mounts), where, f"{path} is not mounted")


def main():
    folder = pathlib.Path(sys.argv[1])
    checks = {"pixart-batch-job.yaml": check_batch_job, "pixart-merge-job.yaml": check_merge_job}
    for name, check_document in checks.items():
        documents = [d for d in yaml.safe_load_all((folder / name).read_text()) if d]
        check(len(documents) == 1, name, "one document")
        for doc in documents:
            check_document(doc, name)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"check_kubernetes_manifests: {', '.join(checks)} are valid Indexed/plain Jobs")


if __name__ == "__main__":
    main()
