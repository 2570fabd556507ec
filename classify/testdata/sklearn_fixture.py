# Produces sklearn_fixture.json: joint log-likelihoods of scikit-learn's
# naive Bayes on nb_train.tsv / nb_test.tsv, tokens split on white space.
# Run with the Debian package python3-sklearn:
#   /usr/bin/python3 classify/testdata/sklearn_fixture.py > classify/testdata/sklearn_fixture.json
import json, os, sys
import sklearn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB, ComplementNB

here = os.path.dirname(os.path.abspath(__file__))
def read(name):
    rows = [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(here, name), encoding="utf-8")]
    return [r[1] for r in rows], [r[0] for r in rows]

train_x, train_y = read("nb_train.tsv")
test_x, _ = read("nb_test.tsv")
vec = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False)
X = vec.fit_transform(train_x)
T = vec.transform(test_x)
out = {"sklearn": sklearn.__version__, "cases": []}
for name, clf in [("multinomial", MultinomialNB(alpha=1.0)),
                  ("multinomial", MultinomialNB(alpha=0.25)),
                  ("complement", ComplementNB(alpha=1.0)),
                  ("complement", ComplementNB(alpha=0.25))]:
    clf.fit(X, train_y)
    # predict_joint_log_proba: log prior + sum of log P(word|label) for
    # MultinomialNB; for ComplementNB (more than one class) the sum of the
    # complement weights, with no prior.
    jll = clf.predict_joint_log_proba(T)
    out["cases"].append({"model": name, "alpha": clf.alpha,
                         "labels": [str(c) for c in clf.classes_],
                         "joint_log_likelihood": [[float(v) for v in row] for row in jll]})
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
