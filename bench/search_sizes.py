#!/usr/bin/env python3
"""Sizes of a built site's search index, feeds and sitemap: raw and gzip (level 6), in total
and per incident. Usage: python3 bench/search_sizes.py OUTPUT_DIR"""
import glob
import gzip
import json
import os
import sys


def sizes(path):
    data = open(path, "rb").read()
    return len(data), len(gzip.compress(data, 6))


def main():
    out = sys.argv[1]
    index_path = os.path.join(out, "search", "index.json")
    n = len(json.load(open(index_path, encoding="utf-8"))["incidents"]) or 1
    raw, gz = sizes(index_path)
    print(f"incidents: {n}")
    print(f"search/index.json: {raw:,} B raw, {gz:,} B gzip ({raw / n:.0f} / {gz / n:.0f} B per incident)")
    shards = [sizes(p) for p in sorted(glob.glob(os.path.join(out, "search", "words-*.json")))]
    s_raw = sum(r for r, _ in shards)
    s_gz = sum(g for _, g in shards)
    print(f"word shards: {len(shards)} files, {s_raw:,} B raw, {s_gz:,} B gzip "
          f"({s_raw / n:.0f} / {s_gz / n:.0f} B per incident); largest "
          f"{max(r for r, _ in shards):,} B raw / {max(g for _, g in shards):,} B gzip")
    print(f"all search files: {raw + s_raw:,} B raw, {gz + s_gz:,} B gzip "
          f"({(raw + s_raw) / n:.0f} / {(gz + s_gz) / n:.0f} B per incident)")
    for name in ["feed.xml", "sitemap.xml"]:
        path = os.path.join(out, name)
        if os.path.exists(path):
            r, g = sizes(path)
            print(f"{name}: {r:,} B raw, {g:,} B gzip")
    feeds = glob.glob(os.path.join(out, "services", "*", "feed.xml")) + glob.glob(
        os.path.join(out, "causes", "*", "feed.xml"))
    print(f"term feeds: {len(feeds)} files, {sum(os.path.getsize(f) for f in feeds):,} B raw")


if __name__ == "__main__":
    main()
