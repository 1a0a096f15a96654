//! `boolExp`: a boolean expression over a monitor's trigger names.
//!
//! ```text
//! expression := term ('|' term)*
//! term       := factor ('&' factor)*
//! factor     := '!' factor | '(' expression ')' | name
//! name       := [A-Za-z0-9_.-]+
//! ```
//!
//! `!` binds tightest, then `&`, then `|`; white space is free. A parsed expression is compiled
//! into a truth table over at most [`MAX_VARIABLES`] triggers, so evaluating it is one bit test.

use std::fmt;

/// The most triggers one expression can name (a monitor has at most five).
pub const MAX_VARIABLES: usize = 5;

/// A parsed expression; variables are indices into the monitor's triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// The trigger at this index.
    Var(usize),
    /// Negation.
    Not(Box<Expr>),
    /// Both.
    And(Box<Expr>, Box<Expr>),
    /// Either.
    Or(Box<Expr>, Box<Expr>),
}

/// Why an expression cannot be used, with the byte position in the text where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset into the expression (its length for "unexpected end").
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at position {})", self.message, self.position)
    }
}

impl std::error::Error for ExprError {}

/// Nesting beyond this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Parses `text`, resolving names against `names` (the triggers, in order).
///
/// # Errors
///
/// A syntax error, an unknown name or nesting deeper than 64, with its position.
pub fn parse(text: &str, names: &[&str]) -> Result<Expr, ExprError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        position: 0,
        names,
        depth: 0,
    };
    let expr = parser.expression()?;
    parser.skip_space();
    if parser.position < parser.bytes.len() {
        return Err(parser.error(format!(
            "unexpected `{}`",
            parser.text[parser.position..].chars().next().unwrap_or(' ')
        )));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    names: &'a [&'a str],
    depth: usize,
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-')
}

/// Whether `name` can stand in an expression as it is.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_name_byte)
}

impl Parser<'_> {
    fn error(&self, message: String) -> ExprError {
        ExprError {
            position: self.position,
            message,
        }
    }

    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.position)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.position += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.position).copied()
    }

    fn expression(&mut self) -> Result<Expr, ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let mut left = self.term()?;
        while self.peek() == Some(b'|') {
            self.position += 1;
            left = Expr::Or(Box::new(left), Box::new(self.term()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.factor()?;
        while self.peek() == Some(b'&') {
            self.position += 1;
            left = Expr::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some(b'!') => {
                self.position += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
                }
                let inner = self.factor()?;
                self.depth -= 1;
                Ok(Expr::Not(Box::new(inner)))
            }
            Some(b'(') => {
                self.position += 1;
                let inner = self.expression()?;
                if self.peek() != Some(b')') {
                    return Err(self.error("expected `)`".into()));
                }
                self.position += 1;
                Ok(inner)
            }
            Some(byte) if is_name_byte(byte) => {
                let start = self.position;
                while self
                    .bytes
                    .get(self.position)
                    .is_some_and(|b| is_name_byte(*b))
                {
                    self.position += 1;
                }
                let name = &self.text[start..self.position];
                self.names
                    .iter()
                    .position(|known| *known == name)
                    .map(Expr::Var)
                    .ok_or_else(|| ExprError {
                        position: start,
                        message: format!("no trigger is named `{name}`"),
                    })
            }
            Some(_) => Err(self.error(format!(
                "expected a trigger name, `!` or `(`, found `{}`",
                self.text[self.position..].chars().next().unwrap_or(' ')
            ))),
            None => Err(self.error("expected a trigger name, `!` or `(`, found the end".into())),
        }
    }
}

impl Expr {
    /// The expression's value when trigger `i` has the value of bit `i` of `inputs`.
    #[must_use]
    pub fn evaluate(&self, inputs: u32) -> bool {
        match self {
            Expr::Var(index) => inputs >> index & 1 == 1,
            Expr::Not(inner) => !inner.evaluate(inputs),
            Expr::And(left, right) => left.evaluate(inputs) && right.evaluate(inputs),
            Expr::Or(left, right) => left.evaluate(inputs) || right.evaluate(inputs),
        }
    }

    /// The truth table over `variables` triggers: bit `inputs` is the value for those inputs.
    #[must_use]
    pub fn truth_table(&self, variables: usize) -> TruthTable {
        let variables = variables.min(MAX_VARIABLES);
        let rows = 1u32 << variables;
        let bits = (0..rows)
            .filter(|inputs| self.evaluate(*inputs))
            .fold(0u32, |table, inputs| table | 1 << inputs);
        TruthTable { bits, rows }
    }

    /// Writes the expression with trigger names and only the parentheses it needs, so that
    /// parsing the text gives this expression back.
    #[must_use]
    pub fn display<'a>(&'a self, names: &'a [&'a str]) -> impl fmt::Display + 'a {
        Printed { expr: self, names }
    }

    fn precedence(&self) -> u8 {
        match self {
            Expr::Or(..) => 1,
            Expr::And(..) => 2,
            Expr::Not(_) | Expr::Var(_) => 3,
        }
    }
}

struct Printed<'a> {
    expr: &'a Expr,
    names: &'a [&'a str],
}

impl Printed<'_> {
    /// Writes `child`, in parentheses when its precedence is below `minimum`.
    fn child(&self, f: &mut fmt::Formatter<'_>, child: &Expr, minimum: u8) -> fmt::Result {
        let printed = Printed {
            expr: child,
            names: self.names,
        };
        if child.precedence() < minimum {
            write!(f, "({printed})")
        } else {
            write!(f, "{printed}")
        }
    }
}

impl fmt::Display for Printed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expr {
            Expr::Var(index) => f.write_str(self.names.get(*index).copied().unwrap_or("?")),
            Expr::Not(inner) => {
                f.write_str("!")?;
                self.child(f, inner, 3)
            }
            // Operators group to the left, so a right operand of the same operator needs
            // parentheses to keep its shape.
            Expr::And(left, right) => {
                self.child(f, left, 2)?;
                f.write_str(" & ")?;
                self.child(f, right, 3)
            }
            Expr::Or(left, right) => {
                self.child(f, left, 1)?;
                f.write_str(" | ")?;
                self.child(f, right, 2)
            }
        }
    }
}

/// An expression compiled for evaluation: one bit per combination of trigger values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TruthTable {
    bits: u32,
    rows: u32,
}

impl TruthTable {
    /// The value for trigger values `inputs` (bit `i` for trigger `i`).
    #[must_use]
    pub fn evaluate(self, inputs: u32) -> bool {
        self.bits >> (inputs & (self.rows - 1)) & 1 == 1
    }

    /// True whatever the triggers say.
    #[must_use]
    pub fn is_always_true(self) -> bool {
        self.bits == u32::MAX >> (32 - self.rows)
    }

    /// False whatever the triggers say.
    #[must_use]
    pub fn is_always_false(self) -> bool {
        self.bits == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NAMES: [&str; 5] = ["a", "b", "c", "speed.high", "in-zone"];

    #[test]
    fn precedence_and_grouping() {
        let expr = parse("a | b & !c", &NAMES).unwrap();
        assert_eq!(expr.display(&NAMES).to_string(), "a | b & !c");
        assert_eq!(
            expr,
            Expr::Or(
                Box::new(Expr::Var(0)),
                Box::new(Expr::And(
                    Box::new(Expr::Var(1)),
                    Box::new(Expr::Not(Box::new(Expr::Var(2))))
                ))
            )
        );
        let grouped = parse(" ( a|b ) & ! ( c ) ", &NAMES).unwrap();
        assert_eq!(grouped.display(&NAMES).to_string(), "(a | b) & !c");
        assert_eq!(
            parse("a & (b & c)", &NAMES)
                .unwrap()
                .display(&NAMES)
                .to_string(),
            "a & (b & c)"
        );
        assert_eq!(
            parse("speed.high&in-zone", &NAMES).unwrap(),
            Expr::And(Box::new(Expr::Var(3)), Box::new(Expr::Var(4)))
        );
    }

    #[test]
    fn errors_say_where() {
        let cases = [
            (
                "a &",
                3,
                "expected a trigger name, `!` or `(`, found the end",
            ),
            (
                "a & | b",
                4,
                "expected a trigger name, `!` or `(`, found `|`",
            ),
            ("(a | b", 6, "expected `)`"),
            ("a b", 2, "unexpected `b`"),
            ("a & zz", 4, "no trigger is named `zz`"),
            ("", 0, "expected a trigger name, `!` or `(`, found the end"),
            ("a ) b", 2, "unexpected `)`"),
            ("a # b", 2, "unexpected `#`"),
        ];
        for (text, position, message) in cases {
            let error = parse(text, &NAMES).unwrap_err();
            assert_eq!(
                (error.position, error.message.as_str()),
                (position, message),
                "{text:?}"
            );
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(parse(&deep, &NAMES).unwrap_err().message.contains("nested"));
        let negated = format!("{}a", "!".repeat(100_000));
        assert!(
            parse(&negated, &NAMES)
                .unwrap_err()
                .message
                .contains("nested")
        );
    }

    #[test]
    fn tautologies_and_contradictions_are_recognised() {
        let table = |text: &str| parse(text, &NAMES).unwrap().truth_table(3);
        assert!(table("a | !a").is_always_true());
        assert!(table("(a | b) | !(a | b)").is_always_true());
        assert!(table("a & !a").is_always_false());
        assert!(table("!(a | !a)").is_always_false());
        let usable = table("a & !b | c");
        assert!(!usable.is_always_true() && !usable.is_always_false());
    }

    fn expr_strategy() -> impl Strategy<Value = Expr> {
        let leaf = (0..MAX_VARIABLES).prop_map(Expr::Var);
        leaf.prop_recursive(6, 48, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
                (inner.clone(), inner.clone())
                    .prop_map(|(l, r)| Expr::And(Box::new(l), Box::new(r))),
                (inner.clone(), inner).prop_map(|(l, r)| Expr::Or(Box::new(l), Box::new(r))),
            ]
        })
    }

    proptest! {
        #[test]
        fn prop_printing_then_parsing_is_identity(expr in expr_strategy()) {
            let text = expr.display(&NAMES).to_string();
            let parsed = parse(&text, &NAMES);
            prop_assert_eq!(parsed.as_ref(), Ok(&expr), "printed as {:?}", text);
        }

        #[test]
        fn prop_the_truth_table_agrees_with_evaluation(expr in expr_strategy(), inputs in 0u32..32) {
            let table = expr.truth_table(MAX_VARIABLES);
            prop_assert_eq!(table.evaluate(inputs), expr.evaluate(inputs), "inputs {:05b}", inputs);
        }

        #[test]
        fn prop_parsing_never_panics(text in "[ab()!&| ]{0,40}") {
            let _ = parse(&text, &NAMES);
        }
    }
}
