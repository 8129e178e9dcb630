/// The rules of answer reading and equivalence, in one place. Each rule is tested in
/// `Tests/AggLMAnswersTests/AnswerRuleTests.swift`; the committed corpora in `Tests/AnswerCorpus/` check
/// them on many more cases (see "Corpora" below). Every parser here is bounded (`AnswerLimits`: answers of at
/// most 1,024 bytes, 512 tokens, nesting 32, 128 elements; no backtracking). This namespace holds only
/// documentation, so that the rules live with the code.
///
/// ## Numbers
///
/// - **Mixed numbers.** `1 1/2` is 3/2 and `12 3/4` is 51/4 when it reads as a mixed number: a whole number,
///   one to three spaces, and a proper fraction of plain integers (0 < numerator < denominator), not after
///   `/`, `^` or another number, and with nothing numeric glued to its end (`1 1/2.5`, `1 1/2^3` are not).
///   `1\frac{1}{2}` and `1 \frac12` are mixed numbers too. Otherwise juxtaposition multiplies (`2 x`).
///   A mixed number said in words, `4 and 1/2` or `4 and \frac{1}{2}`, is 9/2: an integer, the word "and"
///   and a proper fraction of plain integers as above (`3 and 5/2` stays the list 3, 5/2).
/// - **Repeating decimals.** A period under a bar is repeated forever: `0.\overline{3}` = 1/3,
///   `33.\overline{3}` = 100/3, `0.19\overline{09}` = 21/110 (`\overline` or `\bar`, braced digits or one
///   digit; at most 15 digits in all). Exact, so `0.\overline{3}` is not `0.333`'s rounded value but 1/3 itself.
/// - **Precomposed fractions.** Unicode's `½ ¼ ¾ ⅓ ⅔ ⅕ … ⅞` (`VulgarFraction`) are their fractions, and after
///   a whole number (no space or up to three) they make a mixed number: `1½` = 3/2, `2 ¾` = 11/4.
/// - **Rounded decimals against exact values.** A decimal literal counts as rounded when it has at least two
///   decimals or at least three significant digits (`0.33`, `1.414`, `125.663`, `12.6`; not `0.3`, `1.4`).
///   A bare rounded literal matches an exact non-integer value it is that value **rounded or truncated**
///   to: within half a unit of its last written digit, or up to one unit short of it toward zero (models
///   truncate as often as they round: 40π = 125.6637… is written `125.663`), so `1.41` and `1.414` are √2
///   but `1.42` is not, and `0.666` is 2/3 but `0.668` is not. Inside an expression (`1 + 1.414`, `2 \cdot 1.414`) each rounded literal's unit is carried to
///   the value by finite differences (Σ |f(…, dₖ + unitₖ, …) − f(…)|, at most eight literals).
///   one unit per literal either way (the direction of each literal's error is unknown there).
///   So `125.663` ~ `40\pi`, `1+1.414` ~ `1+\sqrt2`, `0.33` ~ `1/3`, but not `0.3` ~ `1/3`.
/// - **Rounded literals next to variables.** In an expression with free variables (`x + 1.414 y`,
///   `3.14 r^2`) the same sum is taken at each sample point, and the expression matches an exact one
///   (`x + \sqrt2 y`, `\pi r^2`) when every sample lies within it. Two expressions that both hold rounded
///   literals are compared as before (no tolerance), so `0.333a` ≠ `0.334a`.
/// - **Integers are exact.** An exact integer never matches a non-integer by tolerance (`3` ≠ `3.0001`,
///   `1000` ≠ `999.99`); `125.0` = `125` exactly.
/// - **Integers up to noise.** A computed value within a relative 1e-9 of a non-zero integer is that
///   integer (`\sqrt5^2` = 5). Zero has no relative neighbourhood: a tiny value is 0 (within 1e-9) only
///   when the expression can cancel (a sum of terms, a function: `\sin\pi`, `\sqrt3^2 - 3`); a product,
///   quotient or power of non-zero numbers is never rounding noise, so `13/5e21` is 2.6·10⁻²¹, not 0.
/// - Two rounded values match when they agree to a relative 1e-6 (`2.23` ≠ `2.232`); exact values (radicals,
///   π) to a relative 1e-9 (floating-point noise).
/// - **Percentages.** `p%` also matches `p/100` (its tolerance scaled the same way). `%`, `\%`, `pct`,
///   `percent`, `percentage(s)`, `pourcent`, `prozent`, `porcentaje` are percent signs.
/// - **Ordinals** are their numbers (`6th`, `21st`, `2nd`, `3rd`).
/// - **Functions of literals.** `\binom{n}{k}` (`\dbinom`, `\tbinom`, TeX's infix `{n \choose k}`) of integer
///   literals, and `\gcd(…)`,
///   `\lcm(…)`, `\max(…)`, `\min(…)` of integer, decimal or plain-fraction literals (`2.4`, `12/5`), are
///   their values (`\binom{16}{2}` = 120, `\gcd(6128, 24)` = 8, `\max(-3, -9)` = -3, `\min(12.4, 9.5)` =
///   19/2), as a peer grader's parser evaluates them. For rationals gcd and lcm are SymPy's: the gcd of the
///   numerators over the lcm of the denominators (`\gcd(2.4, 3.6)` = 6/5, the largest rational both are
///   integer multiples of), and the reverse for lcm. `\operatorname{gcd}` is `\gcd`.
/// - **Functions of constant expressions.** Arguments that are constant expressions rather than literals
///   are read as answers of their own and evaluated: `\max(\pi, 3)` = π, `\max(\sqrt3, 0, 1)` = √3,
///   `38 + \min(13, 15 - 2.3)` = 507/10, `920 \cdot \gcd(9, 12 \cdot 4/2)` = 2760. `\max`/`\min` compare values;
///   `\gcd`/`\lcm` need exact rationals here (irrational and symbolic arguments: next rule). A variable
///   argument, an overflow, or functions nested more than two deep leave the command unevaluated, as before.
/// - **gcd and lcm of monomials** (SymPy's polynomial convention; `MonomialGCD`). When a whole answer (or an
///   element of a list) is `\gcd`/`\lcm` of arguments that are not all rational, each argument is read as an
///   integer coefficient times atoms to non-negative integer powers. Atoms are SymPy's generators: symbols,
///   π and e, √m for square-free m (√12 = 2√3), a linear form in atoms with its integer content taken out
///   (`2t + 2` = 2 · (t + 1); `t - 1` and `1 - t` are one atom up to sign), and any other sub-expression
///   (`\sqrt{t}`, `t^{3/2}`, `2^t`, `\sin t`) as one opaque atom, identified by its values at the sample
///   points. gcd = gcd of the coefficients × Π atom^(least exponent), lcm = lcm of the coefficients ×
///   Π atom^(greatest exponent); the result is then compared as any expression. So `\gcd(a, b)` = 1,
///   `\gcd(36, 24m)` = 12, `\lcm(3a, 2b)` = 6ab, `\gcd(6a^2b, 4ab^3)` = 2ab, `\gcd(e, 5)` = 1,
///   `\lcm(\sqrt3, \sqrt7)` = √21, `\lcm(\sqrt{t}, t)` = t^{3/2} (√t is a generator of its own),
///   `\gcd(t, 0)` = t, `\lcm(t, 0)` = 0. Left unevaluated (read as before):
///   sums that are not linear in their atoms (`\gcd(z^2 - 1, z + 1)` is z + 1, which needs factoring);
///   negative powers (`\gcd(1/z, 1)`); more than 16 atoms or arguments, exponents past 64. Integer-coefficient
///   gcd/lcm inside a larger expression (`y + \gcd(x, 3)`) stays text, as before.
/// - **gcd and lcm over a field** (`FieldMonomial`). When an argument has a decimal or a non-integer rational
///   coefficient (`0.4x`, `8/3`, `x/2`, `8.85 \cdot 10^{-12}`) and some argument has a variable, SymPy works in
///   polynomials over a field, where every non-zero constant is a unit, and returns the monic result; so
///   do we, for arguments that are a constant times variables to non-negative integer powers: gcd = Π
///   variable^(least exponent), lcm = Π variable^(greatest exponent), coefficient 1. `\gcd(0.4x, 8/3)` = 1,
///   `\lcm(0.4x, 8/3)` = x, `\gcd(x/2, x/3)` = x (not x/6), `\lcm(2.5p^2q, 0.2pq^3)` = p²q³. This one is
///   evaluated wherever the call stands, inside a larger expression too (`y + \gcd(0.4x, 8/3)/2` = y + 1/2).
/// - **Dominated arguments of max and min.** An argument of `\max` (`\min`) that is below (above) another by
///   a constant, the same at every sample point, is dropped: `\max(n, n + 1)` = n + 1,
///   `\min(3 + w, w - 2, w)` = w − 2, `\max(4, 7, v)` = `\max(7, v)`. A difference that varies keeps
///   both (`\max(n, 2n)` is not 2n: it depends on the sign of n).
/// - **Integers past 64 bits.** When 64-bit arithmetic overflows, integer literals (`1E20`, `2.95E21`,
///   `10^{30}`), their products and non-negative integer powers are evaluated exactly with a bounded big
///   integer (`BoundedInteger`: at most 1,280 bits, so one evaluation is at most some tens of thousands of
///   word operations), for two uses: `\gcd`/`\lcm` of integer arguments of which at most one passes 64 bits
///   (`\gcd(1E20, 1000000)` = 10⁶; an lcm longer than 64 bits reads like a written literal that long: its
///   nearest double, `\lcm(1E20, 10^6)` ~ `100000000000000000000`), and `a \mod b` of such an integer by a
///   64-bit integer (`128 \cdot 10^{300} \mod 876123` = 335792, `-97E34 \mod 7` = 4). Past the bound, or
///   with two long gcd arguments, nothing changes (the answer stays unevaluated).
/// - **Symbolic arguments of commutative functions.** `\max`, `\min`, `\gcd`, `\lcm` of arguments that are
///   not all constants (constant ones are evaluated, above) compare as sets of arguments, each argument
///   read as an answer: order does not matter (`\max(y, x)` = `\max\left(x, y\right)`, one key, so they vote
///   together), an argument equal to another counts once, a nested call of the same function is flattened
///   (`\max(\max(x, y), z)` = `\max(x, y, z)`), and a call left with one argument is that argument
///   (`\max(x + y, y + x)` = `x + y`, `\gcd(y, y)` = `y`), after the two rules above (monomial gcd/lcm,
///   dominated max/min arguments). Nothing else is simplified: `\max(x, y)` and `\gcd(x^2 - 1, x + 1)` stay
///   calls. Only a whole answer (or an element of a list) that is one such call is read; inside a larger
///   expression the command stays text.
/// - **One spelling per command in text keys.** An answer that stays text writes each command by one name
///   per meaning (`LatexCommand.textSynonyms`): names that emit the same token (`\bmod` and `\mod`, `\le`
///   and `\leq`, `\cdot` and `\times`) and the binomial's names (`\binom`, `\dbinom`, `\tbinom`, and the
///   prefix `\choose{n}{k}` some parsers accept), so `x \bmod y` = `x \mod y`. TeX's infix `{n \choose k}`
///   of symbols is written `\binom{n}{k}` in the key (`InfixBinomial`: the brace group that encloses the
///   `\choose` gives the two arguments), so `{x \choose y}` = `\binom{x}{y}`.
/// - **Accent bars.** `\overline{x}` and `\bar{x}` (`\bar x`, `\bar{\theta}`, `\overline{AB}`) are one variable,
///   x with a bar, whichever command draws it; subscripts follow as for any variable (`\overline{x}_n`).
///   Over a complex constant (its only variable `i`) the bar is the complex conjugate: `\overline{1+i}` =
///   `1-i`, `\bar{i}` = `-i`.
/// - **Remainders.** `a \mod b` (and `\bmod`) is the remainder with the sign of the divisor, as Python's
///   and SymPy's `Mod` (floored division), at the precedence of `*` and `/`, left to right: `-7 \mod 4` = 1,
///   `10 \bmod -3` = -2, `9/4 \mod 2` = 1/4, `2 \cdot 13 \mod 5` = 1. Exact for rationals, numeric for other
///   constants (`\pi \mod 3` = π − 3); a variable operand, a zero divisor or an overflow leaves the answer
///   unread (text), as before. `\pmod{…}` states a congruence and is not evaluated.
/// - **Euler's number** is `e` and SymPy's `\exponentialE`.
/// - **Complex numbers.** An expression whose only variable is `i` is a complex number, `i` the imaginary
///   unit: `i(2-i)` = `1+2i`, `\frac{1}{i}` = `-i`, `\sqrt{-4}` = `2i`, `i^2` = `-1` (a zero imaginary part is
///   a real number). Exact (Gaussian rationals) while the arithmetic stays rational; integer powers up to 64;
///   Euler's formula gives the exponential form (`e^{i\pi}` = -1, `\sqrt2 e^{i\pi/4}` = `1+i`; a part that
///   is floating-point noise next to the other, 1e-12 relative, is zero) and `|a+bi|` is the modulus
///   (`|3+4i|` = 5); other functions of complex arguments are not evaluated (the expression keeps its
///   sampled form). `j` is a variable, not the imaginary unit. SymPy prints the unit as `I`: in an
///   expression that does not also use `i`, a capital `I` is `i` (`a + I b` = `a + i b`, `e^{I\pi}` = -1);
///   a lone `I` stays a choice letter or Roman numeral.
///
/// ## Commas between digits: decimal comma or list
///
/// - **Thousands:** exactly three digits after a comma, after a group that is not a lone `0` (`1,234`,
///   `12,345,678`). Always, whatever the other answer.
/// - **Decimal comma by evidence in the digits:** a group of four or more digits before one or two digits
///   (`1000,99`): no thousands grouping looks like that, and such a list is unlikely.
/// - **Ambiguous** (`1,22`, `2,74`, `0,5`, `0,111`): read as a list of two numbers, the reading of English
///   text (in the shared data `0,1` is the two answers 0 and 1, not one tenth); when grading, **the other
///   answer decides**: if the answers differ as read, both are read again with every comma between digits
///   flipped (decimal ↔ list, thousands groups kept) and compared again. So `1,22` equals `1.22` and also
///   `1, 22`; `0,111` equals `0.111` (never 111: a lone zero does not start a thousands group).
/// - **Continental grouping:** dots between groups of three digits are thousands separators when there are
///   two or more groups (`1.000.000`), or one group followed by a decimal comma with one or two digits
///   (`1.234,5` = 1234.5; not right after `(`, `[` or a separator, where the comma separates elements). A
///   single `1.234` stays a decimal point. After space groups (`1 234,5`, `1\,234,5`) the comma can be the
///   decimal comma as it can after an ungrouped number; LaTeX's other spaces `\ `, `\;`, `\:` separate
///   thousands like `\,` (`12\ 345` = 12345).
/// - **Braced commas** (`14{,}916`, `14 {, }916`, spaces allowed inside and around the braces) are LaTeX's
///   thousands separator: always a group of three digits, never a list.
/// - Never a decimal comma: right after `(`, `[`, `\{` or a separator, signs skipped (`(0,5)` and `(-1,5)`
///   are pairs), or when another comma and digit follow (`0,1,2` is a list).
///
/// Clustering (votes) uses the first reading only; the flipped reading is a grading fallback.
///
/// ## Where the answer is
///
/// - Marked answers win (`\boxed{}`, JSON `"answer"`, `####`, "the answer is", `Answer:`, a final `A:` line),
///   in other languages too: `Réponse :`, `la réponse est`, `respuesta:`, `resposta:`, `risposta:`,
///   `Antwort:`, `Ответ:`, `答案是`/`答案：`/`答案为`, `所以` and `因此` ("so", "therefore", before a Chinese
///   solution's result), `答えは`, `정답은`. The last marker in the text wins. The sentence after a marker
///   also ends at the ideographic full stop `。` and at the copulas `です` (Japanese) and `입니다` (Korean)
///   (`答えは 9 です。` reads 9); a fullwidth colon after a marker is skipped like `:` (`答案为：16`).
/// - **Units and currency in other scripts.** Currency signs `€ £ ¥ ₹ ₽ ₩` are dropped like `\$`; words in
///   Cyrillic, kana, CJK or Hangul after the final number (or degree sign, percent sign, closing bracket)
///   of an answer are its unit or counter and dropped like English unit words (`24 см`, `16 元`, `5 个`).
/// - **A marked prose sentence states its answer first.** When the sentence after a marker is prose
///   (two or more words outside math) with no " is " to cut at, its first number or math segment is the
///   answer (`Réponse : Janeth aura encore 220 $ à payer d'ici 12 mois` reads 220, `Answer: Tom needs 45
///   dollars after 3 weeks` 45), as peer graders read the first number after the marker; a sentence with
///   an `=` works its answer out and keeps its last value (`Answer: 3 + 10 = 13 birds` reads 13). A run of three or more
///   non-ASCII characters counts as two words (a CJK sentence has no spaces): `所以，共有 36 个。` reads 36. On
///   `../shared/data` this changed 588 of 354,000 candidate extractions: 11 matched the gold before, 69 after.
/// - **Several boxes against a list.** When the gold is a list or tuple of n ≥ 2 answers and the prediction
///   ends with n separate boxes (one per part of a multi-part question, with text between them), the last n
///   boxes in order are that list (symmetric: the same holds with the sides swapped). Adjacent boxes joined
///   only by "and"/spacing were already one list.
///
/// - **Bare LaTeX numbers in prose.** `\frac{2}{5}`, `\dfrac{3}{4}`, `\sqrt{2}` written without math delimiters
///   (common in Chinese solutions: `每份是 (\frac{2}{5}) 吨`) are one number for the unmarked fallback, not the
///   digits inside their braces; only plain numeric arguments qualify, so formulas with letters stay out.
/// - **Prose between two dollar signs is not math.** An inline `$…$` holding two or more prose words and none
///   of the bytes math is written with (`\`, braces, `^`, `_`, `=`) is text between two currency signs
///   (`how many $? just about 1$`): the unmarked fallback reads the numbers inside it as text numbers.
///   `$x = 5$` and `$3 \cdot 3$` stay math.
/// - An unmarked number followed by its working in parentheses (`63. (9 x 5 = 45, 45 + 18 = 63)`) is that
///   number.

/// ## Structures
///
/// - **Named values by name.** When both answers are lists of at least two `name = value` parts with distinct
///   names, and they name the same unknowns (`x_{1}` is `x_1`), each value is compared with the value of the
///   same name (`NamedValues`): `y=4, x=3` matches `x=3, y=4`, `x=4, y=3` does not. Otherwise (one side
///   unnamed, different names, a repeated name as in `x=1, x=2`) the values are compared as below.
/// - **Named quantities.** `AB = 4` answers 4 as `x = 4` does, when the left side only names a quantity by
///   points: capital single-letter names with fraction, brace, bar and slash tokens (`\frac{NO}{BO} = …`,
///   `|PQ| = 3`). `AB=4, CD=5` is the list `4, 5`. A lowercase product (`xy = 6`) stays an equation.
/// - **Solved equations.** `y = 2x + 1` reads as its right side (as `x = 4` reads 4), but against an
///   equation (`y - 2x = 1`, `2x + 4y - 3 = 0`) both are read again keeping `y = …` as an equation, and equal
///   equations (up to a constant factor) match.
/// - **Matrix sums.** A sum or difference of numeric matrices of one size, each optionally scaled by a
///   constant written before it (`A + B`, `A - 2B`, `\frac12 A`), is the matrix of the sums.
/// - **Inequalities and half-lines.** An inequality in one unknown matches the half-line it describes
///   (`x \le 2` ~ `(-\infty, 2]`, `-x > -1` ~ `(-\infty, 1)`), strictness included; a grading match only
///   (the two keep different keys, so they vote apart).
/// - **Absolute value bounds are intervals.** `|a x + b| < r` (or `\le`, or `r > |…|`) with a constant r > 0
///   and the inside linear in its one variable reads as the bounded interval it describes, open for `<`
///   and closed for `\le`: `|x| \le 3` = `[-3, 3]`, `|x - 1| < 2` = `(-1, 3)`. (`|x| > 3` is two half-lines
///   and stays an inequality.)
/// - **Part labels.** An answer that opens with part labels `(a) … (b) …` or `(i) … (ii) …` (at least two, in order, each
///   after a separator, a line break, "and" or a space) is, when grading against an answer that differs as read, the tuple of its
///   parts in order (`PartLabels`): `(a) 4; (b) 9` = `4, 9`, but not `9, 4`. A lone `(a)` stays a choice.
/// - **Bracketed lists.** `[24, 120, 36]` (a program's printed list) is compared with a bare list in written
///   order, like a tuple; a bracketed pair in ascending order stays an interval (`[1, 3]`).
/// - **Repeated elements of a set count once.** When two unordered answers differ in size only because
///   one lists an element twice (`(3,17),(2,5),(3,17)` against `(2,5),(3,17)`), they are compared element
///   by distinct element (a grading match; keys keep the repeats, as written). So a root written with its
///   multiplicity (`2, 2, 3`) also matches `2, 3`, as SymPy's `FiniteSet` and Math-Verify decide.
/// - **Vectors.** A one-column or one-row matrix matches the tuple or bracketed list of its entries in
///   order (`\begin{pmatrix} 1 \\ 2 \end{pmatrix}` ~ `(1, 2)` ~ `[1, 2]`); a larger matrix never matches a
///   flat list.
/// - **Unions of finite sets** are the merged set, each element once (`\{1,2\} \cup \{2,3\}` = `\{1,2,3\}`).
///   A union of intervals that overlap or touch is merged (`(0,2) \cup [2,3)` = `(0,3)`, `[1,2] \cup [2,4]` =
///   `[1,4]`); a union whose members stay apart keeps its form (`SetOperations`).
/// - **Intersections and differences** (`\cap`, `∩`, `\setminus`, `∖`), left to right after `\cup`: of finite
///   sets by element (`\{1,2\} \cap \{2,3\}` = `\{2\}`, `\{1,2\} \setminus \{2\}` = `\{1\}`), of two
///   intervals the interval between the inner ends (`[1,3] \cap [0,5]` = `[1,3]`), of a finite set and an
///   interval the numbers inside (or, for `\setminus`, outside) it, and of an interval minus finitely many
///   numbers the pieces between them (`\mathbb{R} \setminus \{2\}` = `(-\infty, 2) \cup (2, \infty)`). An
///   interval minus an interval, or a variable end point, leaves the answer unread (text), as before.
/// - **Set-builder notation** `\{x \mid -1 < x < 1\}`, `\{x : x > 2\}`, `\{x \in \mathbb{R} : x \ge 2\}` reads
///   as its condition, so it matches the interval the condition describes.
/// - **Empty set:** `\emptyset`, `\varnothing`, `∅` and `\{\}` are one set with no element.
/// - **French interval brackets:** a bracket turned outward is an open end (`]2, 5[` = `(2, 5)`,
///   `[2, 5[` = `[2, 5)`), recognised where an element starts (`]`) or ends (`[`) (`FrenchIntervals`).
/// - **The real line:** `\mathbb{R}` and `ℝ` are `(-\infty, \infty)`.
/// - **Disjunctions of inequalities:** `x < 1 \text{ or } x > 2` matches `(-\infty, 1) \cup (2, \infty)`,
///   each inequality one half-line (a grading match, as for a single inequality).
/// - **Unit symbols after a quantity.** A `\text{…}` right after a number, a degree sign or a closing
///   bracket that holds only unit symbols (`m`, `s`, `kg`, `km/h`, `C`, `F`, …, joined by `/` and powers) is a
///   unit and dropped like unit words: `5 \text{ m}^2` = 5, `45^\circ \text{C}` = 45,
///   `3 \times 10^8 \text{ m/s}` = 3·10⁸. Elsewhere (`\text{C}` alone) it stays a letter.
///
/// ## Corpora
///
/// `Tests/AnswerCorpus/` holds the repository's own answer corpora, so the accuracy checks run without
/// `../shared`: `handwritten.jsonl` (hand-written cases of every kind above and of the older rules) and
/// `regression.jsonl` (disagreements with Math-Verify and SymPy on the shared data, adjudicated, each with a
/// one-line reason; only short final-answer strings, never question or solution text).
/// `Scripts/differential-grade.sh` reruns the differential test.
enum AnswerRules {}
