#!/usr/bin/python3
"""Reference side of the benchmark: what a user would write with scikit-learn, SciPy and pandas.

Usage: reference.py CASE ARGS...  (prints one JSON object: seconds, peak_rss_mb, value)
Needs Debian's python3-sklearn, python3-scipy, python3-pandas (apt-get install).
"""
import json
import resource
import sys
import time

import numpy as np

try:  # imported before any timing starts
    import pandas as pd
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance
    from sklearn.metrics import average_precision_score, log_loss, roc_auc_score
except ImportError as error:
    raise SystemExit(f"reference needs python3-sklearn, python3-scipy and python3-pandas: {error}")

WEEK_MS = 7 * 86_400_000.0


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def decayed(ts, labels, scores, metric, windows=12, gamma=0.8):
    as_of = ts.max()
    k = np.floor((as_of - ts) / WEEK_MS).astype(np.int64)
    total, weights = 0.0, 0.0
    for w in range(windows):
        mask = k == w
        y, s = labels[mask], scores[mask]
        if y.size == 0 or (metric != "log-loss" and np.unique(y).size < 2):
            continue
        if metric == "average-precision":
            v = average_precision_score(y, s)
        elif metric == "roc-auc":
            v = roc_auc_score(y, s)
        else:
            v = log_loss(y, s, labels=[0, 1])
        total += gamma**w * v
        weights += gamma**w
    return total / weights


def psi(ref_counts, cur_counts, eps=1e-4):
    r = ref_counts / ref_counts.sum()
    c = cur_counts / cur_counts.sum()
    r = np.where(r == 0, eps, r)
    c = np.where(c == 0, eps, c)
    return float(np.sum((c - r) * np.log(c / r)))


def decile_psi(ref, cur):
    """PSI over the reference's deciles."""
    edges = np.quantile(ref, np.arange(1, 10) / 10)
    rb = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10)
    cb = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10)
    return psi(rb, cb)


def main():
    case, *args = sys.argv[1:]
    out = {}
    if case == "metrics":
        prefix, metric = args
        ts = np.fromfile(prefix + ".ts.f64")
        labels = np.fromfile(prefix + ".label.f64")
        scores = np.fromfile(prefix + ".score.f64")
        t = time.perf_counter()
        out["value"] = decayed(ts, labels, scores, metric)
        out["seconds"] = time.perf_counter() - t
    elif case == "numeric":
        prefix, features, test = args[0], int(args[1]), args[2]
        sides = [(np.fromfile(f"{prefix}.num{i}.ref.f64"), np.fromfile(f"{prefix}.num{i}.cur.f64")) for i in range(features)]
        t = time.perf_counter()
        values = []
        for ref, cur in sides:
            if test == "ks":
                values.append(ks_2samp(ref, cur).pvalue)
            else:
                values.append(wasserstein_distance(ref, cur) / np.std(ref))
            values.append(decile_psi(ref, cur))
        out["seconds"] = time.perf_counter() - t
        out["value"] = values[0]
    elif case == "categorical":
        prefix, features, test = args[0], int(args[1]), args[2]
        sides = [(np.fromfile(f"{prefix}.cat{i}.ref.f64").astype(np.int64), np.fromfile(f"{prefix}.cat{i}.cur.f64").astype(np.int64)) for i in range(features)]
        t = time.perf_counter()
        values = []
        for ref, cur in sides:
            size = int(max(ref.max(), cur.max())) + 1
            rc = np.bincount(ref, minlength=size).astype(float)
            cc = np.bincount(cur, minlength=size).astype(float)
            if test == "chisquare":
                # Two-sample: the reference-vs-current table (the benchmark's levels are never rare: no pooling).
                keep = (rc + cc) > 0
                values.append(chi2_contingency(np.vstack([rc[keep], cc[keep]]), correction=False)[1])
            else:
                values.append(jensenshannon(rc, cc))
            values.append(psi(rc, cc))
        out["seconds"] = time.perf_counter() - t
        out["value"] = values[0]
    elif case == "file":
        path, fmt = args
        t = time.perf_counter()
        if fmt in ("csv", "csv.gz"):
            df = pd.read_csv(path, usecols=["timestamp", "label", "score"])
        elif fmt == "jsonl":
            df = pd.read_json(path, lines=True)
        else:
            df = pd.read_parquet(path)  # needs pyarrow or fastparquet
        ts = pd.to_datetime(df["timestamp"], utc=True).astype("int64").to_numpy() / 1e6
        out["value"] = decayed(ts, df["label"].to_numpy(dtype=float), df["score"].to_numpy(dtype=float), "average-precision")
        out["seconds"] = time.perf_counter() - t
    elif case == "e2e-evaluate":
        # What evaluate-challenger replaces: read both files, join on the string id, parse the ISO timestamps,
        # the decayed average precision of each model over 12 weekly windows.
        champion_path, challenger_path = args
        t = time.perf_counter()
        champion = pd.read_csv(champion_path)
        challenger = pd.read_csv(challenger_path)
        joined = champion.merge(challenger[["id", "score"]], on="id", suffixes=("_champion", "_challenger"))
        ts = pd.to_datetime(joined["timestamp"], utc=True).astype("int64").to_numpy() / 1e6
        labels = joined["label"].to_numpy(dtype=float)
        decayed(ts, labels, joined["score_champion"].to_numpy(dtype=float), "average-precision")
        out["value"] = decayed(ts, labels, joined["score_challenger"].to_numpy(dtype=float), "average-precision")
        out["seconds"] = time.perf_counter() - t
    elif case == "e2e-drift":
        # What drift-report replaces: read reference and current, per numeric feature ks_2samp, Wasserstein / std
        # and PSI on reference deciles; per categorical feature chi2_contingency, Jensen-Shannon and PSI; the
        # metric per weekly window of the current predictions.
        reference_path, current_path = args
        t = time.perf_counter()
        ref = pd.read_csv(reference_path)
        predictions = pd.read_csv(current_path)
        ts = pd.to_datetime(predictions["timestamp"], utc=True).astype("int64").to_numpy() / 1e6
        # drift-report's current data is window 0: the week ending at the latest timestamp.
        current = ts > ts.max() - WEEK_MS
        cur = predictions[current]
        values = []
        for name in ref.columns:
            r, c = ref[name], cur[name]
            if r.dtype == object:
                levels = sorted(set(r.unique()) | set(c.unique()))
                rc = r.value_counts().reindex(levels, fill_value=0).to_numpy(dtype=float)
                cc = c.value_counts().reindex(levels, fill_value=0).to_numpy(dtype=float)
                values += [chi2_contingency(np.vstack([rc, cc]), correction=False)[1], jensenshannon(rc, cc), psi(rc, cc)]
            else:
                r, c = r.to_numpy(dtype=float), c.to_numpy(dtype=float)
                values += [ks_2samp(r, c).pvalue, wasserstein_distance(r, c) / np.std(r), decile_psi(r, c)]
        scores = predictions["score"].to_numpy(dtype=float)
        decayed(ts, predictions["label"].to_numpy(dtype=float), scores, "average-precision")
        if (~current).any():  # prediction drift: the scores of window 0 against the older windows
            ks_2samp(scores[current], scores[~current])
        out["value"] = values[0]
        out["seconds"] = time.perf_counter() - t
    else:
        raise SystemExit(f"unknown case {case}")
    out["peak_rss_mb"] = peak_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
