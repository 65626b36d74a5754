#!/usr/bin/env bash
# A single-node SLURM for tests, all of it in one folder: munged with its own key and socket,
# slurmctld and slurmd on this machine's cores and memory, no accounting, no cgroups.
#
#   slurm_local.sh start DIR    prints the SLURM_CONF to export; waits until the node is idle
#   slurm_local.sh stop DIR     stops the daemons started by `start` (safe to call twice)
#
# Needs Debian's slurm-wlm and munge (packaging/install-deps.sh --cluster).
set -euo pipefail
action="$1" dir="$(mkdir -p "$2" && cd "$2" && pwd)"

stop() {
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "$action" = stop ]; then stop; exit 0; fi
[ "$action" = start ] || { echo "usage: slurm_local.sh start|stop DIR" >&2; exit 2; }

stop
rm -rf "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"
mungekey --create --keyfile "$dir/munge/munge.key" > /dev/null
chmod 600 "$dir/munge/munge.key"
munged --force --socket "$dir/munge/socket" --key-file "$dir/munge/munge.key" \
  --log-file "$dir/log/munged.log" --pid-file "$dir/munge/munged.pid" --seed-file "$dir/munge/seed"

# Ports from this process id, so that a second test run elsewhere does not collide.
port=$(( 20000 + ($$ % 4000) * 2 ))
user="$(id -un)"
node="$(slurmd -C | head -1)"   # NodeName=<host> CPUs=… RealMemory=… of this machine
host="$(hostname -s)"
cat > "$dir/slurm.conf" <<CONF
ClusterName=pixarttest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$port
SlurmdPort=$(( port + 1 ))
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
KillWait=5
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$host"
for _ in $(seq 1 100); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then echo "$SLURM_CONF"; exit 0; fi
  sleep 0.2
done
echo "slurm_local: the node did not come up; logs:" >&2
tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
stop
exit 1
