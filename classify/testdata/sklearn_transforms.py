# Produces sklearn_transforms.json: joint log-likelihoods of scikit-learn's
# naive Bayes after its tf-idf transforms, on nb_train.tsv / nb_test.tsv,
# tokens split on white space, for TestTransformsConformToSklearn.
# Run with the Debian package python3-sklearn (1.2.1):
#   /usr/bin/python3 classify/testdata/sklearn_transforms.py > classify/testdata/sklearn_transforms.json
import json, os, sys
import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.naive_bayes import MultinomialNB, ComplementNB

here = os.path.dirname(os.path.abspath(__file__))
def read(name):
    rows = [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(here, name), encoding="utf-8")]
    return [r[1] for r in rows], [r[0] for r in rows]

train_x, train_y = read("nb_train.tsv")
test_x, _ = read("nb_test.tsv")

def log1p(X):
    X = X.astype(np.float64)
    X.data = np.log1p(X.data)
    return X

# name: (tf, idf, length_norm, transform)
transforms = {
    "sublinear+idf+l2": ("sublinear", True, True, lambda: TfidfTransformer(sublinear_tf=True)),
    "log": ("log", False, False, None),
    "idf": ("raw", True, False, lambda: TfidfTransformer(norm=None)),
    "l2": ("raw", False, True, lambda: TfidfTransformer(use_idf=False)),
    "log+idf+l2": ("log", True, True, lambda: TfidfTransformer()),
    "none": ("raw", False, False, None),
}
out = {"sklearn": sklearn.__version__, "cases": []}
for ngrams, min_count in [(1, 0), (3, 0), (3, 2)]:
    vec = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(1, ngrams))
    X = vec.fit_transform(train_x)
    T = vec.transform(test_x)
    if min_count > 1:
        keep = np.asarray(X.sum(axis=0)).ravel() >= min_count
        X, T = X[:, keep], T[:, keep]
    for name, (tf, idf, l2, make) in transforms.items():
        A, B = X, T
        if tf == "log":
            A, B = log1p(A), log1p(B)
        if make is not None:
            tr = make().fit(A)
            A, B = tr.transform(A), tr.transform(B)
        for model, alpha, norm in [("multinomial", 0.5, False), ("complement", 0.5, False), ("complement", 1.0, True)]:
            if model == "multinomial":
                clf = MultinomialNB(alpha=alpha)
            else:
                clf = ComplementNB(alpha=alpha, norm=norm)
            clf.fit(A, train_y)
            jll = clf.predict_joint_log_proba(B)
            out["cases"].append({"ngrams": ngrams, "min_count": min_count, "tf": tf, "idf": idf,
                                 "length_norm": l2, "model": model, "alpha": alpha, "weight_norm": norm,
                                 "labels": [str(c) for c in clf.classes_],
                                 "joint_log_likelihood": [[float(v) for v in row] for row in jll]})
json.dump(out, sys.stdout, indent=0, ensure_ascii=False)
print()
