# The peer of khabar's naive Bayes on the ANT split of issue 4: scikit-learn's
# LinearSVC on tf-idf of word 1-2-grams (sublinear tf, minimum count 2), on
# the same tokens as khabar (khabar tokens --ids). Prints the dev accuracy
# and macro-F1 (lines divisible by 5 are dev) and the 5-fold cross-validation
# figures, folds as khabar eval --folds 5 (xxhash64 of the id modulo 5).
#
#   bash bench/peer-svm.sh        # makes the token file, then runs this
#
# Needs scikit-learn (Debian: apt-get install python3-sklearn; run with
# /usr/bin/python3).
import sys, struct
import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.svm import LinearSVC
from sklearn.metrics import accuracy_score, f1_score

M = (1 << 64) - 1
P1, P2, P3, P4, P5 = 11400714785074694791, 14029467366897019727, 1609587929392839161, 9650029242287828579, 2870177450012600261

def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M

def rnd(acc, x):
    return (rotl((acc + x * P2) & M, 31) * P1) & M

def xxhash64(b, seed=0):
    n, i = len(b), 0
    if n >= 32:
        v = [(seed + P1 + P2) & M, (seed + P2) & M, seed, (seed - P1) & M]
        while i + 32 <= n:
            for k in range(4):
                v[k] = rnd(v[k], struct.unpack_from("<Q", b, i + 8 * k)[0])
            i += 32
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M
        for k in range(4):
            h = ((h ^ rnd(0, v[k])) * P1 + P4) & M
    else:
        h = (seed + P5) & M
    h = (h + n) & M
    while i + 8 <= n:
        h = (rotl(h ^ rnd(0, struct.unpack_from("<Q", b, i)[0]), 27) * P1 + P4) & M
        i += 8
    if i + 4 <= n:
        h = (rotl(h ^ (struct.unpack_from("<I", b, i)[0] * P1) & M, 23) * P2 + P3) & M
        i += 4
    while i < n:
        h = (rotl(h ^ (b[i] * P5) & M, 11) * P1) & M
        i += 1
    h ^= h >> 33
    h = (h * P2) & M
    h ^= h >> 29
    h = (h * P3) & M
    return h ^ (h >> 32)

assert xxhash64(b"") == 0xEF46DB3751D8E999 and xxhash64(b"abc") == 0x44BC2CF5AD770999

tokens_path, labels_path = sys.argv[1], sys.argv[2]
ids, docs = [], []
for line in open(tokens_path, encoding="utf-8"):
    i, _, t = line.rstrip("\n").partition("\t")
    ids.append(i)
    docs.append(t)
labels = np.array([l.rstrip("\n") for l in open(labels_path, encoding="utf-8")])
line = np.arange(1, len(docs) + 1)

def fit_predict(train, test):
    vec = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(1, 2))
    X = vec.fit_transform([docs[i] for i in train])
    keep = np.asarray(X.sum(axis=0)).ravel() >= 2
    X = X[:, keep]
    T = vec.transform([docs[i] for i in test])[:, keep]
    tf = TfidfTransformer(sublinear_tf=True).fit(X)
    clf = LinearSVC(C=1.0).fit(tf.transform(X), labels[train])
    return clf.predict(tf.transform(T))

print("scikit-learn", sklearn.__version__)
dev = np.where(line % 5 == 0)[0]
tr = np.where(line % 5 != 0)[0]
p = fit_predict(tr, dev)
print("dev split: accuracy %.4f macro-F1 %.4f (%d train, %d dev)" % (accuracy_score(labels[dev], p), f1_score(labels[dev], p, average="macro"), len(tr), len(dev)))
fold = np.array([xxhash64(i.encode()) % 5 for i in ids])
pred = np.empty(len(docs), dtype=object)
for f in range(5):
    te, trn = np.where(fold == f)[0], np.where(fold != f)[0]
    pred[te] = fit_predict(trn, te)
print("5-fold CV: accuracy %.4f macro-F1 %.4f" % (accuracy_score(labels, pred.astype(str)), f1_score(labels, pred.astype(str), average="macro")))
