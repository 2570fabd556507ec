# The labeled articles of models/labels.tsv as the cross-source peers read
# them (bench/peer_cross_source.py, bench/peer_nbsvm.py): the export of
# models/gen -export and its tokens (khabar tokens --ids --stopwords), one
# document a line in the same order.
import json

import numpy as np

LABELS = ["crime", "explosion-investigation", "isis-resurgence", "other"]
ANT = {"AL": "alarabia", "BB": "BBC", "CN": "CNN", "FR": "france24", "SK": "skynews"}


def load(export_path, tokens_path):
    """Returns each document's tokens, and arrays of its label, outlet and corpus."""
    label = {}
    for line in open(export_path, encoding="utf-8"):
        d = json.loads(line)
        label[d["id"]] = d["label"]
    docs, y, outlet, corpus = [], [], [], []
    for line in open(tokens_path, encoding="utf-8"):
        i, _, t = line.rstrip("\n").partition("\t")
        c, _, rid = i.partition("/")
        docs.append(t.split())
        y.append(label[i])
        corpus.append(c)
        # news-2013's ids are outlet/feed/n/time#uuid.txt; ANT's start with
        # two letters of the outlet (its "source" field).
        outlet.append(rid.split("/")[0] if c == "news-2013" else ANT[rid[:2]])
    return docs, np.array(y), np.array(outlet), np.array(corpus)
