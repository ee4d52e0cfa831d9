#!/usr/bin/env bash
# Rebuild the shipped demo bundle from synthetic cohorts the project generates: one
# seeded command whose defaults are the recipe in the bundle's model card.
#
#   bash resources/make_demo_bundle.sh                 # on a CUDA GPU (about 5 min on an H200)
#   DEVICE=cpu bash resources/make_demo_bundle.sh      # on the CPU (many hours on 2 cores)
#   KEY=demo.key bash resources/make_demo_bundle.sh    # and sign it with the project's demo key
#   BATCH=32 bash resources/make_demo_bundle.sh        # another batch size, recorded in the card
#   CXR_EPOCHS=6 bash resources/make_demo_bundle.sh    # another CXR recipe; the ECG network as before
#   OOF_FOLDS=3 N_TRAIN=3000 ...                        # a smaller recipe (for example for 2 CPU cores)
#
# Defaults (the card's recipe): generator v2, standard scenario; training cohort seed 1 with
# N_TRAIN = 6,000 cases (patient-level split, seed 0: training / validation / test); ECG and
# CXR networks EPOCHS = 15 at 224 px, batch 128; fusion on 5-fold out-of-fold logits;
# calibration, thresholds and "unlike the training data" detectors as in `ph-assist train`.
# Evaluated on two fresh cohorts the bundle never saw: seed 2 (standard scenario, N_TEST
# cases) and seed 4 (comorbidity-balanced scenario, N_TEST cases).
#
# Writes DEST/demo (the bundle), DEST/demo-evaluation and DEST/demo-evaluation-balanced.
# KEY: the private half of resources/trusted_keys/ph-assist-demo.pub (never in the
# repository); without it the bundle is written unsigned ("unverified origin").
# Same device kind, same seeds: the same per-case logits within float tolerance (training runs
# with deterministic algorithms); the bundle ID differs, because the card holds the date.
set -euo pipefail
PY=${PY:-python3}
DEVICE=${DEVICE:-cuda}
WORKERS=${WORKERS:-$(( $(nproc) > 2 ? $(nproc) - 2 : 1 ))}
WORK=${WORK:-$(mktemp -d)}
DEST=${DEST:-$(cd "$(dirname "$0")" && pwd)/bundles}
N_TRAIN=${N_TRAIN:-6000}
N_TEST=${N_TEST:-1000}
EPOCHS=${EPOCHS:-15}
BATCH=${BATCH:-128}
CXR_EPOCHS=${CXR_EPOCHS:-$EPOCHS}
OOF_FOLDS=${OOF_FOLDS:-5}
for v in N_TRAIN N_TEST EPOCHS CXR_EPOCHS BATCH OOF_FOLDS; do  # refuse a typo before minutes of work
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "make_demo_bundle.sh: $v='${!v}' is not a positive whole number" >&2; exit 2; }
done
(( BATCH >= 2 && OOF_FOLDS >= 2 )) || { echo "make_demo_bundle.sh: BATCH and OOF_FOLDS must be at least 2" >&2; exit 2; }
SYNTH="$PY -m ph_assist synth --cxr-size 256 --workers $WORKERS --quiet"
DEFAULTS="N_TRAIN=6000 N_TEST=1000 EPOCHS=15 CXR_EPOCHS=15 BATCH=128 OOF_FOLDS=5"
SETTINGS="N_TRAIN=$N_TRAIN N_TEST=$N_TEST EPOCHS=$EPOCHS CXR_EPOCHS=$CXR_EPOCHS BATCH=$BATCH OOF_FOLDS=$OOF_FOLDS"
[ "$SETTINGS" = "$DEFAULTS" ] && SETTINGS="defaults"
EXTRA=()  # --cxr-epochs, --oof-folds only when they differ: the default command line stays the card's
[ "$CXR_EPOCHS" != "$EPOCHS" ] && EXTRA=(--cxr-epochs "$CXR_EPOCHS")
[ "$OOF_FOLDS" != 5 ] && EXTRA+=(--oof-folds "$OOF_FOLDS")

[ -n "${KEY:-}" ] && KEY=$(cd "$(dirname "$KEY")" && pwd)/$(basename "$KEY")
mkdir -p "$WORK"
cd "$WORK"  # relative paths: the card's command line names no folder of this machine
t0=$SECONDS
step() { echo "[make_demo_bundle] $1 at $(( SECONDS - t0 )) s"; }
[ -f cohort/manifest.csv ] || $SYNTH --n "$N_TRAIN" --seed 1 --out cohort
[ -f test-cohort/manifest.csv ] || $SYNTH --n "$N_TEST" --seed 2 --out test-cohort
[ -f test-balanced/manifest.csv ] || $SYNTH --n "$N_TEST" --seed 4 --scenario balanced --out test-balanced
step "cohorts written"
$PY -m ph_assist train --manifest cohort/manifest.csv --out demo --device "$DEVICE" \
    --epochs "$EPOCHS" ${EXTRA[@]+"${EXTRA[@]}"} --batch-size "$BATCH" --seed 0 --workers "$WORKERS" --cache cache --synthetic \
    --name ph-assist-demo-synthetic \
    --recipe "bash resources/make_demo_bundle.sh ($SETTINGS; DEVICE=$DEVICE)" \
    --training-data "synthetic cohort: 'ph-assist synth --n $N_TRAIN --seed 1 --cxr-size 256' (generator v2, standard scenario: dipole-model ECGs, anatomical CXR phantoms, BNP with confounders, calibrated to published PH figures)" \
    --label-definition "synthetic: latent mPAP > 20 mmHg in the generator" --force
step "bundle trained"
$PY -m ph_assist evaluate --bundle demo --manifest test-cohort/manifest.csv \
    --out demo-evaluation --device "$DEVICE" --workers "$WORKERS" --force
$PY -m ph_assist evaluate --bundle demo --manifest test-balanced/manifest.csv \
    --out demo-evaluation-balanced --device "$DEVICE" --workers "$WORKERS" --force
step "evaluated"
if [ -n "${KEY:-}" ]; then
    $PY -m ph_assist bundle sign demo --key "$KEY" --signer "PH-Assist project (demo bundles)"
fi
rm -rf demo-evaluation/.cache demo-evaluation-balanced/.cache
mkdir -p "$DEST"
for d in demo demo-evaluation demo-evaluation-balanced; do
    rm -rf "$DEST/$d.new" && cp -r "$d" "$DEST/$d.new"
    rm -rf "$DEST/$d" && mv "$DEST/$d.new" "$DEST/$d"
done
echo "demo bundle written to $DEST/demo"
