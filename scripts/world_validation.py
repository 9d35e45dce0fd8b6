#!/usr/bin/python3
"""The simulated mode against the seed's seven customers (docs/VALIDATION.md,
The export): over R replicates of scenarios/world/simulated-2008.toml, how
often each customer adopts by 2019 what it received (the events of
seed-2019.toml, which the simulated mode does not use), how often it adopts
anything, and how often the comparator adopts anything. Prints a Markdown
table.
    world_validation.py BIN OUT_DIR [--replicates 20]
"""
import argparse
import csv
import json
import os
import subprocess

END_YEAR = 2019


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("out")
    parser.add_argument("--world", default="scenarios/world/simulated-2008.toml")
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    subprocess.run([args.binary, "world", args.world, "--out", args.out, "--force", "--no-baseline",
                    "--replicates", str(args.replicates), "--threads", str(args.threads)],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(args.out, "world.json")) as f:
        world = json.load(f)
    with open(os.path.join(args.out, "adoptions.csv"), newline="") as f:
        adoptions = [a for a in csv.DictReader(f)
                     if a["how"] == "accepted" and int(a["year"]) <= END_YEAR]
    took = {}
    for a in adoptions:
        took.setdefault((a["country"], int(a["replicate"])), set()).add(a["package"])
    r = args.replicates
    print(f"| country | received by {END_YEAR} (seed-2019) | adopts each of them | adopts all of them "
          f"| adopts anything | packages adopted, mean |")
    print("|---|---|---|---|---|---|")
    for c in world["countries"]:
        if c["exporter"]:
            continue
        received = [e["package"] for e in c["events"] if e["year"] <= END_YEAR]
        each = []
        for p in received:
            n = sum(1 for k in range(r) if p in took.get((c["name"], k), set()))
            each.append(f"{p} {n}/{r}")
        every = sum(1 for k in range(r) if received and set(received) <= took.get((c["name"], k), set()))
        anything = sum(1 for k in range(r) if took.get((c["name"], k)))
        mean = sum(len(took.get((c["name"], k), set())) for k in range(r)) / r
        print(f"| {c['name']} (openness {c['openness']}) | {', '.join(received) or 'nothing'} | "
              f"{', '.join(each) or '-'} | {f'{every}/{r}' if received else '-'} | {anything}/{r} | {mean:.2f} |")


if __name__ == "__main__":
    main()
