# Produces sklearn_nbsvm.json: the scores of scikit-learn's LinearSVC
# trained as classify's NBSVM learner is (linear.go): the transformed,
# length-normalized counts x of nb_train.tsv (tokens split on white
# space), the log-count ratio r(f,c) of each label against the others
# from the summed x (alpha), one LinearSVC(C, class_weight="balanced",
# squared hinge, intercept_scaling 1) per label on r(.,c)*x, and the
# scores b(c) + (r(.,c)*x_test).w(c) of nb_test.tsv, for
# TestNBSVMConformsToSklearn. Run with the Debian package python3-sklearn
# (1.2.1):
#   /usr/bin/python3 classify/testdata/sklearn_nbsvm.py > classify/testdata/sklearn_nbsvm.json
import json, os
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.svm import LinearSVC

here = os.path.dirname(os.path.abspath(__file__))
def read(name):
    rows = [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(here, name), encoding="utf-8")]
    return [r[1] for r in rows], [r[0] for r in rows]

train_x, train_y = read("nb_train.tsv")
test_x, _ = read("nb_test.tsv")
train_y = np.array(train_y)
labels = sorted(set(train_y))
out = {"sklearn": sklearn.__version__, "cases": []}
for ngrams, tf, idf, alpha, C in [(1, "log", False, 0.1, 1.0), (1, "log", False, 0.5, 0.3), (2, "sublinear", True, 0.1, 3.0)]:
    vec = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(1, ngrams))
    X = vec.fit_transform(train_x).astype(np.float64)
    T = vec.transform(test_x).astype(np.float64)
    for M in (X, T):
        M.data = np.log1p(M.data) if tf == "log" else 1 + np.log(M.data)
    tr = TfidfTransformer(use_idf=idf).fit(X)  # l2 length normalization
    X, T = tr.transform(X), tr.transform(T)
    scores = np.zeros((len(test_x), len(labels)))
    for c, l in enumerate(labels):
        pos = train_y == l
        p = alpha + np.asarray(X[pos].sum(0)).ravel()
        q = alpha + np.asarray(X[~pos].sum(0)).ravel()
        r = np.log(p / p.sum()) - np.log(q / q.sum())
        svm = LinearSVC(C=C, class_weight="balanced", tol=1e-10, max_iter=1000000).fit(X @ sp.diags(r), pos)
        scores[:, c] = (T @ sp.diags(r)) @ svm.coef_.ravel() + svm.intercept_[0]
    out["cases"].append({"ngrams": ngrams, "tf": tf, "idf": idf, "alpha": alpha, "svm_cost": C, "labels": labels, "scores": scores.tolist()})
print(json.dumps(out, indent=0))
