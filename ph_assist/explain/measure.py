"""The app's explanations measured on synthetic PH cases that carry the generator's masks.

``ph-assist synth`` writes, per case, ``masks/<case_id>_cxr.npz`` (boolean
masks of the heart, right heart, main pulmonary artery, hilar arteries and
lungs on the radiograph's pixel grid).  On the PH cases of such a cohort,
:func:`measure_explanations` scores exactly what the app shows:

* **chest X-ray**: the map of :func:`ph_assist.explain.gradcam.cxr_explanation`
  (method and layer chosen in ``docs/validation/explanations.md``) against the
  masks, with :func:`ph_assist.explain.localisation.cam_localisation`: CAM mass
  in each mask, pointing-game hit rate, and both for the image-independent
  leave-one-out mean map of the same cases;
* **ECG**: the per-lead values of :func:`ph_assist.explain.ecg_leads.explain_ecg_leads`
  (lead occlusion), ranked with :func:`ph_assist.explain.ecg_leads.rank_summary`
  against the leads that carry the generator's PH effects (I, II, aVF, V1);

and the cost of each in milliseconds per case.  The masks are the
generator's: nothing here says where a model looks on real radiographs.
"""

from __future__ import annotations

import csv
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ph_assist.models.bundle import ModelBundle

__all__ = ["FINDINGS", "FINDING_PARTS", "MASKS", "masked_ph_cases", "mapped_masks", "localise_findings",
           "measure_explanations"]

#: Named unions of the generator's radiograph masks that the measures report.
MASKS: dict[str, tuple[str, ...]] = {
    "PA+hilar+right heart": ("main_pa", "hilar_arteries", "right_heart"),
    "PA+hilar": ("main_pa", "hilar_arteries"),
    "right heart": ("right_heart",),
    "heart": ("heart",),
    "lungs": ("lungs",),
}

#: Structures whose finding the generator draws with a strength (latent driver, ``latents.csv``):
#: the mask and the driver, for :func:`ph_assist.explain.localisation.finding_localisation`.
FINDINGS: dict[str, tuple[str, str]] = {
    "main pulmonary artery": ("main_pa", "cxr_mpa"),
    "hilar arteries": ("hilar_arteries", "cxr_hilar"),
    "right heart": ("right_heart", "cxr_rv"),
    "pruned periphery": ("pruned_periphery", "cxr_prune"),
}

#: Most PH cases measured by default (cost: one backward pass per radiograph, 13 ECG forwards).
DEFAULT_LIMIT = 100


def _inside(folder: Path, rel: str) -> Path | None:
    """``folder / rel`` when it stays inside ``folder`` and is a regular file, else ``None``."""
    if not rel:
        return None
    p = (folder / rel).resolve()
    try:
        p.relative_to(folder.resolve())
    except ValueError:
        return None
    return p if p.is_file() else None


def masked_ph_cases(manifest: str | os.PathLike, case_ids: Sequence[str] | None = None,
                    limit: int | None = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """PH cases (label 1) of a manifest whose folder holds the generator's masks.

    Returns up to ``limit`` dicts with ``case_id``, ``ecg`` and ``cxr`` (paths
    inside the manifest's folder) and ``masks`` (the ``.npz``), in manifest
    order, restricted to ``case_ids`` when given, and ``findings`` (the
    strength of each of :data:`FINDINGS`, from the cohort's ``latents.csv``)
    where the folder has one.  Empty when the folder holds no ``masks/`` (a
    hospital's manifest).
    """
    manifest = Path(manifest)
    folder = manifest.parent
    if not (folder / "masks").is_dir():
        return []
    strengths: dict[str, dict[str, float]] = {}
    latents = _inside(folder, "latents.csv")
    if latents is not None:
        with open(latents, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                try:
                    strengths[row["case_id"]] = {k: float(row[d]) for k, (_, d) in FINDINGS.items()}
                except (KeyError, TypeError, ValueError):
                    continue
    wanted = set(case_ids) if case_ids is not None else None
    out: list[dict[str, Any]] = []
    with open(manifest, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cid = (row.get("case_id") or "").strip()
            if (row.get("label") or "").strip() != "1" or (wanted is not None and cid not in wanted):
                continue
            ecg, cxr = _inside(folder, row.get("ecg_path", "")), _inside(folder, row.get("cxr_path", ""))
            mask = _inside(folder, f"masks/{cid}_cxr.npz") if cid and "/" not in cid else None
            if ecg is None or cxr is None or mask is None:
                continue
            case: dict[str, Any] = {"case_id": cid, "ecg": ecg, "cxr": cxr, "masks": mask}
            if cid in strengths:
                case["findings"] = strengths[cid]
            out.append(case)
            if limit is not None and len(out) >= limit:
                break
    return out


def mapped_masks(masks_file: str | os.PathLike, prep: Any,
                 unions: dict[str, tuple[str, ...]]) -> dict[str, np.ndarray] | None:
    """Each named union of the generator's masks in ``masks_file``, on the model's input grid.

    ``prep``: the :class:`~ph_assist.preprocess.cxr.PreparedCXR` of the case's
    radiograph (its geometry maps the masks).  ``None`` when the file lacks one
    of the parts (a cohort of an older generator); :class:`~ph_assist.errors.InputError`
    naming the file when it is not a mask file or a mask's shape is not the radiograph's.
    """
    import zipfile

    from ph_assist.errors import InputError
    from ph_assist.explain.localisation import mask_to_model
    from ph_assist.i18n import translate

    try:
        with np.load(masks_file, allow_pickle=False) as z:
            if not set(z.files) >= {part for parts in unions.values() for part in parts}:
                return None
            out = {}
            for name, parts in unions.items():
                union = np.zeros(prep.source_shape, dtype=bool)
                for part in parts:
                    mask = z[part]
                    if mask.shape != union.shape:
                        raise ValueError(translate("errors", "mask '{part}' is {shape}, the radiograph {expected}")
                                         .format(part=part, shape=mask.shape, expected=union.shape))
                    union |= mask.astype(bool)
                out[name] = mask_to_model(union, prep)
            return out
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise InputError(masks_file, translate("errors", "not a readable mask file ({error})").format(error=e)) from e


#: The single structures of :data:`FINDINGS`, as unions of one part for :func:`mapped_masks`.
FINDING_PARTS: dict[str, tuple[str, ...]] = {part: (part,) for part, _ in FINDINGS.values()}


def localise_findings(cams: np.ndarray, single: dict[str, list[np.ndarray]], cases: Sequence[dict[str, Any]],
                      valid: np.ndarray) -> dict[str, Any]:
    """:func:`~ph_assist.explain.localisation.finding_localisation` of ``cams`` on the :data:`FINDINGS`.

    ``single``: per part of :data:`FINDING_PARTS`, each case's mask (from
    :func:`mapped_masks`); ``cases``: with ``findings`` (their strengths).
    """
    from ph_assist.explain.localisation import finding_localisation

    return finding_localisation(
        cams, {name: (np.stack(single[part]), np.array([c["findings"][name] for c in cases]))
               for name, (part, _) in FINDINGS.items()}, valid=valid)


def measure_explanations(bundle: ModelBundle, cases: Sequence[dict[str, Any]], *,
                         progress: Callable[[int, int], None] | None = None) -> dict[str, Any] | None:
    """CXR map localisation and ECG lead ranks of the app's explanations on ``cases``.

    ``cases``: from :func:`masked_ph_cases`.  Returns ``None`` for fewer than
    two cases (the leave-one-out mean map needs two).  Runs on the CPU, like
    the app.
    """
    import torch

    from ph_assist.explain.ecg_leads import PH_LEADS, explain_ecg_leads, rank_summary
    from ph_assist.explain.gradcam import DEFAULT_CXR_LAYER, DEFAULT_CXR_METHOD, cxr_explanation
    from ph_assist.explain.localisation import cam_localisation
    from ph_assist.io import read_cxr, read_ecg

    if len(cases) < 2:
        return None
    cxr_net, ecg_net = bundle.cxr_net.eval(), bundle.ecg_net.eval()
    cams: list[np.ndarray] = []
    valid: list[np.ndarray] = []
    masks: dict[str, list[np.ndarray]] = {k: [] for k in MASKS}
    parts_needed = {part for parts in MASKS.values() for part in parts}
    single: dict[str, list[np.ndarray]] = {k: [] for k, _ in FINDINGS.values()}
    attrs, cxr_ms, ecg_ms = [], [], []
    for i, case in enumerate(cases):
        prep = bundle.prepare_cxr(read_cxr(case["cxr"]))
        x = torch.from_numpy(np.array(prep.x, dtype=np.float32))[None]
        t = time.perf_counter()
        res = cxr_explanation(cxr_net, x)
        cxr_ms.append((time.perf_counter() - t) * 1e3)
        cams.append(res.cam)
        valid.append(prep.content_mask)
        # One read of the file; a second only for an older generator's file without the findings' parts.
        named = (mapped_masks(case["masks"], prep, {**MASKS, **FINDING_PARTS})
                 or mapped_masks(case["masks"], prep, MASKS))
        if named is None:
            raise ValueError(f"{case['masks']}: lacks one of the masks {sorted(parts_needed)}")
        for name in MASKS:
            masks[name].append(named[name])
        for part in FINDING_PARTS:
            if part in named:
                single[part].append(named[part])
        e = bundle.prepare_ecg(read_ecg(case["ecg"]))
        xe = torch.from_numpy(np.array(e.x, dtype=np.float32))[None]
        t = time.perf_counter()
        attrs.append(explain_ecg_leads(ecg_net, xe, profile=False).values)
        ecg_ms.append((time.perf_counter() - t) * 1e3)
        if progress:
            progress(i + 1, len(cases))
    loc = cam_localisation(np.stack(cams), {k: np.stack(v) for k, v in masks.items()}, valid=np.stack(valid))
    loc.update(method=DEFAULT_CXR_METHOD, layer=DEFAULT_CXR_LAYER,
               ms_per_image=round(statistics.median(cxr_ms), 1))
    if all("findings" in c for c in cases) and all(len(v) == len(cases) for v in single.values()):
        loc["findings"] = localise_findings(np.stack(cams), single, cases, np.stack(valid))
    ranks = rank_summary(np.stack(attrs))
    ranks.update(method="lead occlusion", ph_leads=list(PH_LEADS), ms_per_ecg=round(statistics.median(ecg_ms), 1))
    return {
        "data": f"{len(cases)} synthetic PH cases with the generator's masks (not evidence about real images)",
        "n_cases": len(cases),
        "cxr": loc,
        "ecg": ranks,
        "device": "cpu, torch threads " + str(torch.get_num_threads()),
    }
