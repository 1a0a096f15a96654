use std::fmt;

/// Why a template could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateErrorKind {
    /// A `{` without its closing `}`.
    UnclosedExpression,
    /// A `}` outside an expression.
    UnopenedExpression,
    /// A `{` inside an expression.
    NestedExpression,
    /// A character that may not stand in a literal part (space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `|`, `'`, a control character).
    InvalidLiteral(char),
    /// A `%` not followed by two hexadecimal digits.
    InvalidPercentEncoding,
    /// `{}` or an operator with no variable.
    EmptyExpression,
    /// One of the operators RFC 6570 reserves for future extensions (`=`, `,`, `!`, `@`, `|`).
    ReservedOperator(char),
    /// A variable name with a character outside `ALPHA / DIGIT / "_" / "." / pct-encoded`, an empty
    /// name, or a name that starts, ends or doubles a `.`.
    InvalidVariableName,
    /// A prefix modifier that is not a number from 1 to 9999 without leading zeros.
    InvalidPrefix,
    /// Something after a variable that is neither `,`, `:`, `*` nor `}`.
    UnexpectedCharacter(char),
    /// The template is longer than the limit the caller set.
    TooLong {
        /// The limit, in bytes.
        max: usize,
    },
}

/// A template that does not follow RFC 6570, with the byte position of the mistake.
///
/// # Examples
///
/// ```
/// use hal_template::{TemplateErrorKind, UriTemplate};
///
/// let error = UriTemplate::parse("/vehicles/{id").unwrap_err();
/// assert_eq!(error.kind(), &TemplateErrorKind::UnclosedExpression);
/// assert_eq!(error.position(), 10);
/// assert_eq!(error.to_string(), "unclosed expression `{` at byte 10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    kind: TemplateErrorKind,
    position: usize,
}

impl TemplateError {
    pub(crate) fn new(kind: TemplateErrorKind, position: usize) -> Self {
        Self { kind, position }
    }

    /// What is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{TemplateErrorKind, UriTemplate};
    ///
    /// let error = UriTemplate::parse("{!hello}").unwrap_err();
    /// assert_eq!(error.kind(), &TemplateErrorKind::ReservedOperator('!'));
    /// ```
    #[must_use]
    pub fn kind(&self) -> &TemplateErrorKind {
        &self.kind
    }

    /// The byte offset in the template where the mistake was found.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// assert_eq!(UriTemplate::parse("/a/{b}/{c d}").unwrap_err().position(), 9);
    /// ```
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TemplateErrorKind::UnclosedExpression => f.write_str("unclosed expression `{`"),
            TemplateErrorKind::UnopenedExpression => f.write_str("`}` without an opening `{`"),
            TemplateErrorKind::NestedExpression => f.write_str("`{` inside an expression"),
            TemplateErrorKind::InvalidLiteral(c) => {
                write!(f, "character {c:?} is not allowed in a URI template")
            }
            TemplateErrorKind::InvalidPercentEncoding => {
                f.write_str("`%` must be followed by two hexadecimal digits")
            }
            TemplateErrorKind::EmptyExpression => f.write_str("expression names no variable"),
            TemplateErrorKind::ReservedOperator(c) => {
                write!(f, "operator `{c}` is reserved for future extensions")
            }
            TemplateErrorKind::InvalidVariableName => f.write_str("invalid variable name"),
            TemplateErrorKind::InvalidPrefix => {
                f.write_str("prefix length must be a number from 1 to 9999")
            }
            TemplateErrorKind::UnexpectedCharacter(c) => {
                write!(f, "unexpected {c:?} in expression")
            }
            TemplateErrorKind::TooLong { max } => write!(f, "template longer than {max} bytes"),
        }?;
        write!(f, " at byte {}", self.position)
    }
}

impl std::error::Error for TemplateError {}

/// Why a valid template could not be expanded with the given values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpandErrorKind {
    /// A prefix modifier (`{var:3}`) applied to a list or an associative array, which RFC 6570
    /// §2.4.1 does not allow.
    PrefixOnComposite,
}

/// A template that could not be expanded, naming the variable and its position in the template.
///
/// # Examples
///
/// ```
/// use hal_template::{UriTemplate, Value, Variables};
///
/// let template = UriTemplate::parse("/x{?keys:1}")?;
/// let vars = Variables::new().with("keys", Value::map([("a", "1")]));
/// let error = template.expand(&vars).unwrap_err();
/// assert_eq!(error.variable(), "keys");
/// assert_eq!(error.position(), 4);
/// # Ok::<(), hal_template::TemplateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    kind: ExpandErrorKind,
    variable: String,
    position: usize,
}

impl ExpandError {
    pub(crate) fn new(kind: ExpandErrorKind, variable: &str, position: usize) -> Self {
        Self {
            kind,
            variable: variable.to_owned(),
            position,
        }
    }

    /// What is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{ExpandErrorKind, UriTemplate, Value, Variables};
    ///
    /// let vars = Variables::new().with("list", Value::list(["a", "b"]));
    /// let error = UriTemplate::parse("{list:1}")?.expand(&vars).unwrap_err();
    /// assert_eq!(error.kind(), &ExpandErrorKind::PrefixOnComposite);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> &ExpandErrorKind {
        &self.kind
    }

    /// The variable whose value could not be expanded.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{UriTemplate, Value, Variables};
    ///
    /// let vars = Variables::new().with("list", Value::list(["a"]));
    /// let error = UriTemplate::parse("{list:1}")?.expand(&vars).unwrap_err();
    /// assert_eq!(error.variable(), "list");
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn variable(&self) -> &str {
        &self.variable
    }

    /// The byte offset of the variable in the template.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{UriTemplate, Value, Variables};
    ///
    /// let vars = Variables::new().with("list", Value::list(["a"]));
    /// let error = UriTemplate::parse("/a{list:1}")?.expand(&vars).unwrap_err();
    /// assert_eq!(error.position(), 3);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ExpandErrorKind::PrefixOnComposite => write!(
                f,
                "prefix modifier on `{}` at byte {}, whose value is a list or a map",
                self.variable, self.position
            ),
        }
    }
}

impl std::error::Error for ExpandError {}
