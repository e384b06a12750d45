#!/usr/bin/env bash
# Tries the Slurm template for real on this machine (issue 14): as root, brings up a one-node Slurm
# cluster from Debian's slurm-wlm and munge packages, submits deploy/slurm/harmonix-array.sbatch
# (a job array of shards and a dependent merge) for a small topic-lineage manifest, waits, and
# compares the merged run with an unsharded run of the same manifest: every turns.csv column but
# run_id and timings, row for row, and `harmonix check --fields` (quality and field tables).
#
#   sudo scripts/slurm-local.sh [MANIFEST] [SHARDS]      (defaults: Experiments/slurm-local.yaml, 3)
#
# Leaves the cluster running (stop it with: scripts/slurm-local.sh --stop). Work and logs in
# $HARMONIX_SLURM_WORK (default /tmp/harmonix-slurm-local); HARMONIX_BIN names another binary. Not part of CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${HARMONIX_SLURM_WORK:-/tmp/harmonix-slurm-local}
CONF_DIR=/etc/slurm
NODE=$(hostname -s)

stop_cluster() {
    for pidfile in /run/slurmctld.pid /run/slurmd.pid; do
        [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
}
if [[ "${1:-}" == --stop ]]; then stop_cluster; exit 0; fi

MANIFEST=${1:-Experiments/slurm-local.yaml}
SHARDS=${2:-3}
[[ $(id -u) == 0 ]] || { echo "slurm-local.sh: run as root (it installs packages and starts daemons)" >&2; exit 1; }
cd "$ROOT"

step() { echo "== $*"; }

step "packages (slurm-wlm, munge)"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge
fi
slurmctld -V

step "munge"
if [[ ! -s /etc/munge/munge.key ]]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! { munge -n </dev/null | unmunge; } >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    sleep 1
fi
munge -n </dev/null | unmunge | grep STATUS

step "slurm.conf (one node: $NODE, $(nproc) CPUs)"
mkdir -p "$CONF_DIR" "$WORK" /var/spool/slurmctld /var/spool/slurmd
memory=$(awk '/MemTotal/ { print int($2 / 1024) - 512 }' /proc/meminfo)
cat >"$CONF_DIR/slurm.conf" <<CONF
ClusterName=harmonix-local
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
NodeName=$NODE CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF

step "daemons"
stop_cluster
sleep 1
slurmctld -c
slurmd
for _ in $(seq 1 30); do
    state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
    [[ $state == idle* || $state == mixed* ]] && break
    scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true
    sleep 1
done
sinfo

step "harmonix (release build)"
BIN=${HARMONIX_BIN:-$ROOT/.build/release/harmonix}
[[ -x $BIN ]] || swift build -c release --product harmonix
"$BIN" validate "$MANIFEST"

RESULTS=$WORK/results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

step "submit: $SHARDS shards as a job array (1 CPU each, so 2 run at once here) and a dependent merge"
ids=$(HARMONIX_BIN=$BIN HARMONIX_SBATCH_OPTS="--cpus-per-task=1" \
    bash deploy/slurm/harmonix-array.sbatch "$MANIFEST" "$RESULTS" "$SHARDS")
echo "$ids"
array=$(awk '{ print $2 }' <<<"$ids")
merge=$(awk '{ print $4 }' <<<"$ids")
squeue

step "unsharded run of the same manifest (meanwhile, for the comparison)"
"$BIN" run "$MANIFEST" --output "$RESULTS/unsharded" --progress none >"$RESULTS/unsharded.out"
unsharded=$(find "$RESULTS/unsharded" -mindepth 2 -maxdepth 2 -type d | head -1)
echo "unsharded: $unsharded"

step "waiting for array $array and merge $merge"
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do sleep 5; done
for job in "$array" "$merge"; do
    scontrol show job "$job" | grep -E "JobId=|JobState=|NodeList=" | sed 's/^ */  /'
done
state=$(scontrol show job "$merge" | grep -o 'JobState=[A-Z]*' | head -1)
echo "merge job: $state"
cat "$RESULTS"/harmonix-merge-*.out
[[ $state == JobState=COMPLETED ]] || { echo "FAIL: the merge job did not complete"; exit 1; }

merged=$RESULTS/merged-$array
step "compare merged ($merged) with unsharded ($unsharded)"
python3 - "$merged/turns.csv" "$unsharded/turns.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        table = list(csv.reader(f))
    header = table[0]
    def comparable(row):
        out = []
        for name, value in zip(header, row):
            if name in ("run_id", "latency_ms"):
                continue
            if name == "extras":  # name=value;... — drop the timings (names ending in _s)
                value = ";".join(x for x in value.split(";") if x and not x.split("=")[0].endswith("_s"))
            out.append(value)
        return out
    return [comparable(row) for row in table[1:]]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
diff = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
print(f"turns.csv rows: merged {len(a)}, unsharded {len(b)}; every column but run_id, latency_ms and *_s extras; rows differing: {diff}")
sys.exit(1 if diff else 0)
PY
# Quality and field tables from `check` (its latency verdicts compare runs timed concurrently on a
# loaded machine and are not part of this test).
report=$("$BIN" check "$merged" --baseline "$unsharded" --fields --tolerance 9 || true)
grep -E "^Quality|^Fields|^CPU" <<<"$report"
grep -q "^Quality.* 0 differences" <<<"$report" && grep -q "^Fields.*identical" <<<"$report" \
    || { echo "FAIL: quality or field tables differ"; exit 1; }
echo "PASS: the merged shards equal the unsharded run (rows, quality and field tables)"
