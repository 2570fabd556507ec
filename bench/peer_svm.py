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
import sys
import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.svm import LinearSVC
from sklearn.metrics import accuracy_score, f1_score

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from xxh import xxhash64  # noqa: E402

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
