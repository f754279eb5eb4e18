#!/usr/bin/env python3
"""Example training entry point following SageMaker's training contract (standard library only).

The entry point of the source directory examples/ml (run-training: `source-dir: ml`, `entry-point: train.py`;
SageMaker script mode, e.g. with `framework: sklearn:1.2-1`). It reads its hyperparameters from SM_HPS, so the
`--name value` arguments the training toolkit also passes are not needed.

Reads CSV files from the `train` channel (SM_CHANNEL_TRAIN) and, when present, the `eval` channel
(SM_CHANNEL_EVAL); trains an L2-regularised logistic regression on the numeric and one-hot-encoded categorical
columns; writes the model to SM_MODEL_DIR/model.json and, for the eval rows, predictions
(the eval columns plus score) to SM_OUTPUT_DATA_DIR/predictions.csv, which run-training's `predictions-path`
extracts for evaluate-challenger. Prints `validation:average_precision=<v>` for metric-definitions.

Hyperparameters (SM_HPS / hyperparameters.json): epochs (default 8), learning_rate (0.1), l2 (0.0001),
label (label), id (id), timestamp (timestamp), seed (7), columns (comma-separated names of header-less CSV
files; default: each file's header). On failure it writes the reason to
/opt/ml/output/failure (SM_OUTPUT_DIR/failure), as SageMaker expects, and exits non-zero.
"""
import csv
import glob
import json
import math
import os
import random
import sys


def env_path(name, default):
    return os.environ.get(name, default)


def read_rows(channel_dir, columns=None):
    files = sorted(glob.glob(os.path.join(channel_dir, "**", "*.csv"), recursive=True))
    if not files:
        raise ValueError(f"no .csv files in channel directory {channel_dir}")
    rows = []
    for path in files:
        with open(path, newline="") as f:
            # Header-less files (as SageMaker Batch Transform and built-in algorithms read them) name their
            # columns through the `columns` hyperparameter.
            rows.extend(csv.DictReader(f, fieldnames=columns) if columns else csv.DictReader(f))
    return rows


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


class Encoder:
    """Standardised numeric columns and one-hot categorical columns, fitted on the training rows."""

    def __init__(self, rows, skip):
        columns = [c for c in rows[0].keys() if c not in skip]
        self.numeric, self.categorical = [], {}
        for c in columns:
            values = [r[c] for r in rows if r[c] != ""]
            if values and all(is_number(v) for v in values):
                xs = [float(v) for v in values]
                mean = sum(xs) / len(xs)
                std = math.sqrt(sum((x - mean) ** 2 for x in xs) / len(xs)) or 1.0
                self.numeric.append((c, mean, std))
            else:
                levels = sorted(set(values))[:50]
                self.categorical[c] = levels

    def names(self):
        return [c for c, _, _ in self.numeric] + [f"{c}={v}" for c, levels in self.categorical.items() for v in levels]

    def encode(self, row):
        x = []
        for c, mean, std in self.numeric:
            v = row.get(c, "")
            x.append((float(v) - mean) / std if v not in ("", None) else 0.0)
        for c, levels in self.categorical.items():
            v = row.get(c, "")
            x.extend(1.0 if v == level else 0.0 for level in levels)
        return x


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def average_precision(labels, scores):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    positives = sum(labels)
    if positives == 0:
        return float("nan")
    ap, hits, seen, i = 0.0, 0, 0, 0
    while i < len(order):  # ties form one threshold, as scikit-learn
        j = i
        while j < len(order) and scores[order[j]] == scores[order[i]]:
            j += 1
        new_hits = sum(labels[order[k]] for k in range(i, j))
        hits += new_hits
        seen = j
        ap += (new_hits / positives) * (hits / seen)
        i = j
    return ap


def main():
    hps = json.loads(os.environ.get("SM_HPS", "{}"))
    label_col = hps.get("label", "label")
    id_col = hps.get("id", "id")
    ts_col = hps.get("timestamp", "timestamp")
    epochs = int(hps.get("epochs", 8))
    lr = float(hps.get("learning_rate", 0.1))
    l2 = float(hps.get("l2", 0.0001))
    rng = random.Random(int(hps.get("seed", 7)))
    columns = [c.strip() for c in hps["columns"].split(",")] if hps.get("columns") else None

    train = read_rows(env_path("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"), columns)
    if label_col not in train[0]:
        raise ValueError(f'column "{label_col}" (hyperparameter label) is not in the training data')
    encoder = Encoder(train, {label_col, id_col, ts_col})
    xs = [encoder.encode(r) for r in train]
    ys = [1.0 if r[label_col] in ("1", "1.0", "true", "True") else 0.0 for r in train]
    w = [0.0] * len(encoder.names())
    b = 0.0
    index = list(range(len(xs)))
    for epoch in range(epochs):
        rng.shuffle(index)
        loss = 0.0
        for i in index:
            x, y = xs[i], ys[i]
            p = sigmoid(b + sum(wj * xj for wj, xj in zip(w, x)))
            g = p - y
            b -= lr * g
            for j, xj in enumerate(x):
                w[j] -= lr * (g * xj + l2 * w[j])
            loss -= math.log(max(p, 1e-15)) if y else math.log(max(1 - p, 1e-15))
        print(f"epoch {epoch + 1}/{epochs} train:log_loss={loss / len(xs):.6f}", flush=True)

    model_dir = env_path("SM_MODEL_DIR", "/opt/ml/model")
    with open(os.path.join(model_dir, "model.json"), "w") as f:
        json.dump({"features": encoder.names(), "weights": w, "bias": b,
                   "numeric": encoder.numeric, "categorical": encoder.categorical}, f)

    eval_dir = os.environ.get("SM_CHANNEL_EVAL")
    if eval_dir:
        rows = read_rows(eval_dir, columns)
        out_dir = env_path("SM_OUTPUT_DATA_DIR", "/opt/ml/output/data")
        labels, scores = [], []
        with open(os.path.join(out_dir, "predictions.csv"), "w", newline="") as f:
            columns = [c for c in rows[0].keys() if c != "score"] + ["score"]
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for r in rows:
                score = sigmoid(b + sum(wj * xj for wj, xj in zip(w, encoder.encode(r))))
                writer.writerow({**r, "score": f"{score:.6f}"})
                labels.append(1 if r[label_col] in ("1", "1.0", "true", "True") else 0)
                scores.append(round(score, 6))
        print(f"validation:average_precision={average_precision(labels, scores):.6f}", flush=True)
    print(f"wrote {model_dir}/model.json", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # SageMaker contract: the reason goes to /opt/ml/output/failure
        output_dir = env_path("SM_OUTPUT_DIR", "/opt/ml/output")
        try:
            with open(os.path.join(output_dir, "failure"), "w") as f:
                f.write(f"{type(error).__name__}: {error}")
        except OSError:
            pass
        print(f"training failed: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
