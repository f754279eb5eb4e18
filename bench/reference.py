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
            edges = np.quantile(ref, np.arange(1, 10) / 10)
            rb = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10)
            cb = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10)
            values.append(psi(rb, cb))
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
    else:
        raise SystemExit(f"unknown case {case}")
    out["peak_rss_mb"] = peak_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
