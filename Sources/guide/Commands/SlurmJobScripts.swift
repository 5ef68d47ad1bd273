/// The Slurm batch scripts `guide slurm` submits, the same text as
/// `examples/slurm/experiment.sbatch` and `examples/slurm/merge.sbatch` (a test keeps them
/// equal), so that an installed `guide` needs no copy of the repository.
enum SlurmJobScripts {
    /// One array task: `guide run SCRIPT --shard i/N` (`examples/slurm/experiment.sbatch`).
    static let experiment = #"""
#!/usr/bin/env bash
# One task of a Slurm job array: runs shard i of N of a GuideLang script's experiments,
# `guide run SCRIPT --shard i/N`, where i is the array index (1..N) and shard i holds the
# rows r (0-based, in `over` order) with r % N == i - 1.
#
#     sbatch --array=1-16 --cpus-per-task=4 examples/slurm/experiment.sbatch SCRIPT [name=value ...]
#     sbatch --dependency=afterok:ARRAY_JOB_ID examples/slurm/merge.sbatch
#
# (`guide slurm SCRIPT --tasks 16` submits both.) The job runs in the folder it was
# submitted from, which must be on a file system every node sees: the shard logs go to its
# results/. Share GUIDE_CACHE too, so that the model is downloaded once for all tasks.
# To run shard 3 again alone, give the shard count:
#     sbatch --array=3 --export=ALL,GUIDE_SHARDS=16 examples/slurm/experiment.sbatch SCRIPT
# Resubmitting the whole array is also fine: every task reuses the rows already recorded.
#SBATCH --job-name=guide-experiment
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail

: "${SLURM_ARRAY_TASK_ID:?submit this script as a job array: sbatch --array=1-N experiment.sbatch SCRIPT}"
shards="${GUIDE_SHARDS:-$SLURM_ARRAY_TASK_COUNT}"
export GUIDE_THREADS="${SLURM_CPUS_PER_TASK:-1}"
exec "${GUIDE_BIN:-guide}" run "$@" --shard "$SLURM_ARRAY_TASK_ID/$shards"

"""#

    /// The merge job: `guide merge` of the array's shard logs (`examples/slurm/merge.sbatch`).
    static let merge = #"""
#!/usr/bin/env bash
# Merges the shard logs of a job array of examples/slurm/experiment.sbatch into one log per
# experiment, results/NAME.jsonl: `guide merge NAME ...`, or with no names every experiment
# that has shard logs in results/. Submit it to start once every task has succeeded:
#
#     sbatch --dependency=afterok:ARRAY_JOB_ID examples/slurm/merge.sbatch [NAME ...]
#
# Shard logs last written by different versions of an experiment (the script, its params or
# the model changed between tasks) are refused with a list of the logs involved.
#SBATCH --job-name=guide-merge
#SBATCH --output=slurm-%j.out
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
set -euo pipefail

if [ $# -eq 0 ]; then
    set -- --all
fi
exec "${GUIDE_BIN:-guide}" merge "$@"

"""#
}
