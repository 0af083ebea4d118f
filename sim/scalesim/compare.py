#!/usr/bin/env python3
"""bench-scalesim, the SCALE-Sim side (make bench-scalesim; sim/scalesim.mk).

Reads the `gemm` records of tb/bench/scalesim_gemms.c (nmgen cycles from the
cycle model) and sets SCALE-Sim 3.0's cycles beside each GEMM:

  * its simulator (scalesim.scale_sim, GEMM input, unbounded SRAM, CALC
    bandwidth: no stalls) where the GEMM is small (closed form <= --sim-max
    cycles): src=sim;
  * else its per-fold closed form: src=formula.  SCALE-Sim runs folds back to
    back with no overlap, each fold R+C+T-2 cycles (OS: Sr = rows of the
    output, Sc = its columns, T = K'; WS: Sr = K', Sc = I, T = J), and its
    "Total Cycles" is the index of the last busy cycle, one less than the
    count: folds * (per fold) - 1.  The closed form is checked against the
    simulator on every GEMM run there, on random small multi-fold GEMMs and
    on each network GEMM's reduced instance (same T, the same edge fold in
    each dimension, at most two folds per dimension), cheapest first within
    --verify-lines simulated cycles; checked=yes marks a row whose reduced
    instance ran.  Any difference, or any failure to run, fails the bench.

nmgen's mapping decides SCALE-Sim's orientation: OS puts I on the array's
rows and J on its columns (SCALE-Sim M = I, N = J, K = K'); WS keeps A'
(I x K') stationary, K' on rows and I on columns, J streamed (M = J, N = I,
K = K').  2:8 rows give SCALE-Sim the dense GEMM of the same K' (what a
dense array does with the compressed operand); vsdense= is the ratio to
SCALE-Sim's dense GEMM of the full K.
"""
import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import time

CFG_TEMPLATE = """[general]
run_name = nmgen

[architecture_presets]
ArrayHeight: {R}
ArrayWidth: {C}
IfmapSramSzkB: 65536
FilterSramSzkB: 65536
OfmapSramSzkB: 65536
IfmapOffset: 0
FilterOffset: 10000000
OfmapOffset: 20000000
Dataflow: {df}
Bandwidth: 10
ReadRequestBuffer: 32
WriteRequestBuffer: 32

[layout]
IfmapCustomLayout: False
IfmapSRAMBankBandwidth: 10
IfmapSRAMBankNum: 10
IfmapSRAMBankPort: 2
FilterCustomLayout: False
FilterSRAMBankBandwidth: 10
FilterSRAMBankNum: 10
FilterSRAMBankPort: 2

[sparsity]
SparsitySupport: false
SparseRep: ellpack_block
OptimizedMapping: false
BlockSize: 8
RandomNumberGeneratorSeed: 40

[run_presets]
InterfaceBandwidth: CALC
UseRamulatorTrace: False
"""


class BenchError(Exception):
    """The comparison machinery failed: no numbers."""


def cdiv(a, b):
    return -(-a // b)


def orient(df, I, J, Kp):
    """SCALE-Sim's (M, N, K) for nmgen's mapping of the dataflow."""
    return (I, J, Kp) if df == "os" else (J, I, Kp)


def folds_and_t(R, C, df, M, N, K):
    if df == "os":  # Sr = M, Sc = N, T = K
        return cdiv(M, R) * cdiv(N, C), K, R + C + K - 2
    return cdiv(K, R) * cdiv(N, C), M, 2 * R + C + M - 2  # Sr = K, Sc = N, T = M


def closed_form(R, C, df, M, N, K):
    """SCALE-Sim's reported Total Cycles: folds * per-fold - 1."""
    folds, _, per = folds_and_t(R, C, df, M, N, K)
    return folds * per - 1


def simulate(R, C, df, gemms, workdir):
    """Runs SCALE-Sim on a list of (M, N, K); its Total Cycles for each."""
    from scalesim.scale_sim import scalesim  # the pinned package in build/'s venv

    os.makedirs(workdir, exist_ok=True)
    cfg = os.path.join(workdir, "scale.cfg")
    topo = os.path.join(workdir, "topo.csv")
    layout = os.path.join(workdir, "layout.csv")
    with open(cfg, "w") as f:
        f.write(CFG_TEMPLATE.format(R=R, C=C, df=df))
    with open(topo, "w") as f:
        f.write("Layer, M, N, K,\n")
        for q, (m, n, k) in enumerate(gemms):
            f.write(f"g{q}, {m}, {n}, {k},\n")
    with open(layout, "w") as f:  # read by SCALE-Sim, unused without custom layouts
        f.write("Layer, unused,\n")
        for q in range(len(gemms)):
            f.write(f"g{q}, 1,\n")
    out = os.path.join(workdir, "out")
    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        s = scalesim(save_disk_space=True, verbose=False, config=cfg, topology=topo, layout=layout,
                     input_type_gemm=True)
        s.run_scale(top_path=out)
    report = os.path.join(out, "nmgen", "COMPUTE_REPORT.csv")
    if not os.path.exists(report):
        raise BenchError(f"SCALE-Sim wrote no {report}; its output:\n{log.getvalue()[-2000:]}")
    rows = [r for r in open(report).read().splitlines()[1:] if r.strip()]
    if len(rows) != len(gemms):
        raise BenchError(f"SCALE-Sim reported {len(rows)} layers for {len(gemms)} GEMMs ({report})")
    res = []
    for r in rows:
        f = [x.strip() for x in r.split(",")]
        total, stalls = int(f[2]), int(f[3])
        if stalls:
            raise BenchError(f"SCALE-Sim stalled {stalls} cycles ({report}): the closed form has no stalls")
        res.append(total)
    return res


def reduced(R, C, df, M, N, K):
    """A cheap GEMM with the same T and the same edge folds: <= 2 folds a dimension."""
    def red(x, unit):
        return x if x <= unit else unit + (x - 1) % unit + 1

    if df == "os":
        return red(M, R), red(N, C), K
    return M, red(N, C), red(K, R)


def load(path):
    recs = []
    extra = []
    for line in open(path):
        line = line.rstrip("\n")
        if not line:
            continue
        if not line.startswith("gemm\t"):
            extra.append(line)
            continue
        f = line.split("\t")
        if len(f) != 23:
            raise BenchError(f"bad record ({len(f)} fields): {line}")
        r = dict(cfg=f[1], R=int(f[2]), C=int(f[3]), net=f[4], layer=f[5], phase=f[6], nm=f[7],
                 df=f[8].lower(), count=int(f[9]), I=int(f[10]), J=int(f[11]), K=int(f[12]),
                 Kp=int(f[13]), macs=int(f[14]), one=int(f[15]), tiled=int(f[16]), cmds=int(f[17]),
                 ccf=int(f[18]))
        recs.append(r)
    if not recs:
        raise BenchError(f"{path}: no gemm records (scalesim_gemms printed nothing)")
    return recs, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--sim-max", type=int, default=200000)
    ap.add_argument("--verify-lines", type=int, default=300000)
    ap.add_argument("--random", type=int, default=6, help="random small GEMMs per array and dataflow")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t0 = time.time()
    recs, extra = load(a.records)
    rng = random.Random(a.seed)

    # SCALE-Sim cycles: closed form everywhere, simulator where small
    for r in recs:
        M, N, K = orient(r["df"], r["I"], r["J"], r["Kp"])
        r["ss"] = closed_form(r["R"], r["C"], r["df"], M, N, K)
        if r["ss"] + 1 != r["ccf"]:
            raise BenchError(f"nm_stce_scalesim_cycles {r['ccf']} != this closed form {r['ss']} + 1 for {r}")
        r["mnk"], r["src"], r["checked"] = (M, N, K), "formula", "no"
        r["dense_ss"] = None
        folds, T, per = folds_and_t(r["R"], r["C"], r["df"], M, N, K)
        r["red"] = reduced(r["R"], r["C"], r["df"], M, N, K)
    # the dense-K SCALE-Sim number of each 2:8 row
    dense = {(r["cfg"], r["net"], r["layer"], r["phase"], r["df"]): r["ss"] for r in recs if r["nm"] == "dense"}
    for r in recs:
        if r["nm"] != "dense":
            r["dense_ss"] = dense[(r["cfg"], r["net"], r["layer"], r["phase"], r["df"])]

    # simulator jobs per (R, C, df): whole small GEMMs, random ones, reduced instances
    groups = sorted({(r["R"], r["C"], r["df"]) for r in recs})
    nsim = nrand = nred = 0
    for R, C, df in groups:
        rows = [r for r in recs if (r["R"], r["C"], r["df"]) == (R, C, df)]
        jobs = {}
        for r in rows:
            if r["ss"] + 1 <= a.sim_max:
                jobs.setdefault(r["mnk"], []).append(("whole", r))
        for _ in range(a.random):
            g = (rng.randint(1, 4 * R + 3), rng.randint(1, 4 * C + 3), rng.randint(1, 300))
            jobs.setdefault(g, []).append(("random", None))
        budget = a.verify_lines
        for r in sorted(rows, key=lambda r: closed_form(R, C, df, *r["red"])):
            cost = closed_form(R, C, df, *r["red"]) + 1
            if r["red"] in jobs:
                jobs[r["red"]].append(("reduced", r))
            elif cost <= budget:
                budget -= cost
                jobs[r["red"]] = [("reduced", r)]
        gemms = sorted(jobs)
        ts = time.time()
        got = simulate(R, C, df, gemms, os.path.join(a.work, f"{R}x{C}_{df}"))
        for g, cyc in zip(gemms, got):
            want = closed_form(R, C, df, *g)
            if cyc != want:
                raise BenchError(f"SCALE-Sim {R}x{C} {df} GEMM M,N,K={g}: simulator {cyc} != closed form {want}")
            for kind, r in jobs[g]:
                if kind == "whole":
                    r["src"], r["ss"], nsim = "sim", cyc, nsim + 1
                elif kind == "reduced":
                    r["checked"], nred = "yes", nred + 1
                else:
                    nrand += 1
        print(f"scalesim-check {R}x{C} {df}: {len(gemms)} GEMMs simulated, simulator == closed form on all "
              f"({time.time() - ts:.1f} s)")
    print(f"scalesim-check total: {nsim} whole network GEMMs, {nred} reduced network GEMMs, {nrand} random "
          f"small GEMMs; all equal the closed form")

    # one line per GEMM
    for r in recs:
        ratio = r["one"] / r["ss"]
        tr = r["tiled"] / r["ss"]
        line = (f"scalesim {r['net']} {r['layer']}:{r['phase']} {r['df'].upper()} {r['R']}x{r['C']} "
                f"nmgen={r['one']} scalesim={r['ss']} ratio={ratio:.3f} src={r['src']} nm={r['nm']} "
                f"tiled={r['tiled']} cmds={r['cmds']} tratio={tr:.3f} checked={r['checked']}")
        if r["dense_ss"] is not None:
            line += f" vsdense={r['one'] / r['dense_ss']:.3f}"
        r["ratio"], r["tratio"] = ratio, tr
        print(line)

    # worst ratios
    print()
    for key in sorted({(r["R"], r["C"], r["df"], r["nm"]) for r in recs}):
        rows = [r for r in recs if (r["R"], r["C"], r["df"], r["nm"]) == key]
        w1 = max(rows, key=lambda r: r["ratio"])
        wt = max(rows, key=lambda r: r["tratio"])
        over = sum(1 for r in rows if r["ratio"] > 1.0)
        tover = sum(1 for r in rows if r["tratio"] > 1.0)
        line = (f"scalesim worst {key[0]}x{key[1]} {key[2].upper()} nm={key[3]} "
                f"one={w1['ratio']:.3f} ({w1['net']} {w1['layer']}:{w1['phase']} {w1['I']}x{w1['J']}x{w1['Kp']}) "
                f"tiled={wt['tratio']:.3f} ({wt['net']} {wt['layer']}:{wt['phase']} {wt['I']}x{wt['J']}x{wt['Kp']}) "
                f"rows={len(rows)} one>1.00:{over} tiled>1.00:{tover}")
        if key[3] != "dense":
            wd = max(rows, key=lambda r: r["one"] / r["dense_ss"])
            line += f" vsdense_worst={wd['one'] / wd['dense_ss']:.3f}"
        print(line)
    w1 = max(recs, key=lambda r: r["ratio"])
    wt = max(recs, key=lambda r: r["tratio"])
    print(f"scalesim worst all one={w1['ratio']:.3f} tiled={wt['tratio']:.3f} target<=1.00 "
          f"met(one)={'yes' if w1['ratio'] <= 1.0 else 'no'} met(tiled)={'yes' if wt['tratio'] <= 1.0 else 'no'}")
    print()
    for line in extra:
        if line.startswith("scalesim "):
            print(line)
    print()
    for line in extra:
        if not line.startswith("scalesim "):
            print(line)
    print(f"\nbench-scalesim: {len(recs)} GEMM rows, {time.time() - t0:.1f} s in SCALE-Sim and the comparison")


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"bench-scalesim: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    except ImportError as e:
        print(f"bench-scalesim: FAILED: SCALE-Sim does not import ({e}); make builds its venv", file=sys.stderr)
        sys.exit(1)
