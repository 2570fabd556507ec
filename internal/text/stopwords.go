package text

// stopWords is khabar's Arabic stop-word list: particles, prepositions,
// pronouns, demonstratives, relative pronouns, auxiliary verbs and the
// reporting verbs and connectives that fill news prose without telling what
// it is about. It was written for this project; words are in plain spelling
// and are normalized with the pipeline's own settings when it is built.
var stopWords = []string{
	// prepositions and particles
	"في", "من", "إلى", "على", "عن", "مع", "منذ", "حتى", "عند", "لدى", "بين", "خلال", "حول", "نحو", "ضد", "دون", "بعد", "قبل", "عبر", "لدى",
	"و", "أو", "أم", "ثم", "بل", "لكن", "لكنّ", "إن", "أن", "إنّ", "أنّ", "كان", "كانت", "لا", "لم", "لن", "ما", "قد", "لقد", "سوف", "هل", "إذ", "إذا", "لو", "لولا", "كي", "كما", "إلا", "غير", "سوى",
	"ب", "ل", "ك", "ف", "بها", "به", "لها", "له", "فيها", "فيه", "منها", "منه", "عليها", "عليه", "عنها", "عنه", "إليها", "إليه",
	// pronouns and demonstratives
	"هو", "هي", "هم", "هن", "هما", "أنا", "نحن", "أنت", "أنتم",
	"هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك", "هنا", "هناك",
	"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي",
	// auxiliaries and common verbs of reporting
	"يكون", "تكون", "كانوا", "ليس", "ليست", "أصبح", "أصبحت", "ظل", "لا يزال", "يزال", "تزال", "مازال",
	"قال", "قالت", "وقال", "وقالت", "أضاف", "وأضاف", "أضافت", "وأضافت", "أكد", "وأكد", "أشار", "وأشار", "ذكر", "وذكر",
	// quantifiers and connectives
	"كل", "بعض", "أي", "أيضا", "أيضاً", "فقط", "جدا", "كذلك", "حيث", "بينما", "أما", "إما", "وفي", "ومن", "وعلى", "وإن", "وأن", "ولا", "وما", "وهو", "وهي", "فيما", "بشأن", "وفق", "وفقا", "عدة", "أكثر", "أقل", "مثل", "نفس", "ذات", "عام", "اليوم", "أمس",
}
