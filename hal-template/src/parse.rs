use std::fmt;
use std::str::FromStr;

use crate::error::{TemplateError, TemplateErrorKind};

/// A parsed RFC 6570 URI template.
///
/// Parsing checks the whole template; [`Display`](fmt::Display) writes back the exact text it was
/// parsed from.
///
/// # Examples
///
/// ```
/// use hal_template::{UriTemplate, Variables};
///
/// let template = UriTemplate::parse("/trips{/id}{?fields*}")?;
/// assert_eq!(template.variable_names().collect::<Vec<_>>(), ["id", "fields"]);
/// assert_eq!(template.expand(&Variables::new().with("id", "7"))?, "/trips/7");
/// assert_eq!(template.to_string(), "/trips{/id}{?fields*}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UriTemplate {
    source: String,
    parts: Vec<Part>,
}

/// One piece of a template: literal text, or an expression in braces.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// Literal text, copied to the output (characters outside the URI character set are
    /// percent-encoded).
    Literal(String),
    /// An expression such as `{?offset,limit}`.
    Expression(Expression),
}

/// An expression: an operator and the variables it expands.
///
/// # Examples
///
/// ```
/// use hal_template::{Operator, Part, UriTemplate};
///
/// let template = UriTemplate::parse("/a{?x,y}")?;
/// let Part::Expression(expression) = &template.parts()[1] else { unreachable!() };
/// assert_eq!(expression.operator(), Operator::Query);
/// assert_eq!(expression.position(), 2);
/// assert_eq!(expression.variables().len(), 2);
/// # Ok::<(), hal_template::TemplateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Expression {
    operator: Operator,
    variables: Vec<VarSpec>,
    position: usize,
}

impl Expression {
    /// The expression's operator.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{Operator, Part, UriTemplate};
    ///
    /// let template = UriTemplate::parse("{#section}")?;
    /// let Part::Expression(e) = &template.parts()[0] else { unreachable!() };
    /// assert_eq!(e.operator(), Operator::Fragment);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The variables, in template order.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{Part, UriTemplate};
    ///
    /// let template = UriTemplate::parse("{a,b}")?;
    /// let Part::Expression(e) = &template.parts()[0] else { unreachable!() };
    /// assert_eq!(e.variables()[1].name(), "b");
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn variables(&self) -> &[VarSpec] {
        &self.variables
    }

    /// The byte offset of the expression's `{` in the template.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{Part, UriTemplate};
    ///
    /// let template = UriTemplate::parse("ab{c}")?;
    /// let Part::Expression(e) = &template.parts()[1] else { unreachable!() };
    /// assert_eq!(e.position(), 2);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }
}

/// The expression as a template writes it: `{?offset,limit}`, `{/path*}`, `{name:3}`.
///
/// # Examples
///
/// ```
/// use hal_template::{Part, UriTemplate};
///
/// let template = UriTemplate::parse("/a{?x,list*,y:3}")?;
/// let Part::Expression(e) = &template.parts()[1] else { unreachable!() };
/// assert_eq!(e.to_string(), "{?x,list*,y:3}");
/// # Ok::<(), hal_template::TemplateError>(())
/// ```
impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        if let Some(operator) = self.operator.as_char() {
            write!(f, "{operator}")?;
        }
        for (i, variable) in self.variables.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(variable.name())?;
            match variable.modifier() {
                Modifier::None => {}
                Modifier::Explode => f.write_str("*")?,
                Modifier::Prefix(n) => write!(f, ":{n}")?,
            }
        }
        f.write_str("}")
    }
}

/// A variable in an expression, with its modifier.
///
/// # Examples
///
/// ```
/// use hal_template::{Modifier, UriTemplate};
///
/// let template = UriTemplate::parse("{var:3,list*}")?;
/// let specs: Vec<_> = template.variables().collect();
/// assert_eq!(specs[0].name(), "var");
/// assert_eq!(specs[0].modifier(), Modifier::Prefix(3));
/// assert_eq!(specs[1].modifier(), Modifier::Explode);
/// # Ok::<(), hal_template::TemplateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VarSpec {
    name: String,
    modifier: Modifier,
    position: usize,
}

impl VarSpec {
    /// The variable's name as written (percent-encoded triplets included).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// let template = UriTemplate::parse("{vehicle.id}")?;
    /// assert_eq!(template.variables().next().unwrap().name(), "vehicle.id");
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value modifier.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{Modifier, UriTemplate};
    ///
    /// let template = UriTemplate::parse("{x}")?;
    /// assert_eq!(template.variables().next().unwrap().modifier(), Modifier::None);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn modifier(&self) -> Modifier {
        self.modifier
    }

    /// The byte offset of the variable's name in the template.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// let template = UriTemplate::parse("/{?a,b}")?;
    /// assert_eq!(template.variables().nth(1).unwrap().position(), 5);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }
}

/// A value modifier (RFC 6570 §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// No modifier.
    None,
    /// `:N`: only the first N characters of a string value.
    Prefix(u16),
    /// `*`: a list or map is expanded as separate items.
    Explode,
}

/// An expression operator (RFC 6570 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `{var}`: simple string expansion.
    Simple,
    /// `{+var}`: reserved expansion; reserved characters pass unencoded.
    Reserved,
    /// `{#var}`: fragment expansion.
    Fragment,
    /// `{.var}`: label expansion with a dot prefix.
    Label,
    /// `{/var}`: path segment expansion.
    PathSegment,
    /// `{;var}`: path-style parameter expansion.
    PathParameter,
    /// `{?var}`: form-style query expansion.
    Query,
    /// `{&var}`: form-style query continuation.
    QueryContinuation,
}

impl Operator {
    fn from_char(c: char) -> Option<Self> {
        Some(match c {
            '+' => Self::Reserved,
            '#' => Self::Fragment,
            '.' => Self::Label,
            '/' => Self::PathSegment,
            ';' => Self::PathParameter,
            '?' => Self::Query,
            '&' => Self::QueryContinuation,
            _ => return None,
        })
    }

    /// The operator's character, or `None` for simple expansion.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::Operator;
    ///
    /// assert_eq!(Operator::Query.as_char(), Some('?'));
    /// assert_eq!(Operator::Simple.as_char(), None);
    /// ```
    #[must_use]
    pub fn as_char(self) -> Option<char> {
        Some(match self {
            Self::Simple => return None,
            Self::Reserved => '+',
            Self::Fragment => '#',
            Self::Label => '.',
            Self::PathSegment => '/',
            Self::PathParameter => ';',
            Self::Query => '?',
            Self::QueryContinuation => '&',
        })
    }
}

impl UriTemplate {
    /// Parses a template.
    ///
    /// # Errors
    ///
    /// A [`TemplateError`] with the byte position of the first mistake.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// assert!(UriTemplate::parse("/orders{?page}").is_ok());
    /// assert_eq!(UriTemplate::parse("/orders{?page").unwrap_err().position(), 7);
    /// ```
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        Parser { source, pos: 0 }.parse()
    }

    /// Parses a template of at most `max_length` bytes, for templates that come from strangers
    /// (a templated link in a received document).
    ///
    /// # Errors
    ///
    /// [`TemplateErrorKind::TooLong`](crate::TemplateErrorKind::TooLong) at byte `max_length`
    /// for a longer template, otherwise as [`parse`](Self::parse).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{TemplateErrorKind, UriTemplate};
    ///
    /// assert!(UriTemplate::parse_with_max_length("/a{b}", 5).is_ok());
    /// let error = UriTemplate::parse_with_max_length("/a{b}", 4).unwrap_err();
    /// assert_eq!(error.kind(), &TemplateErrorKind::TooLong { max: 4 });
    /// ```
    pub fn parse_with_max_length(source: &str, max_length: usize) -> Result<Self, TemplateError> {
        if source.len() > max_length {
            return Err(TemplateError::new(
                crate::TemplateErrorKind::TooLong { max: max_length },
                max_length,
            ));
        }
        Self::parse(source)
    }

    /// The template text, exactly as parsed.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// assert_eq!(UriTemplate::parse("/a{b}")?.as_str(), "/a{b}");
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The literal and expression parts, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{Part, UriTemplate};
    ///
    /// let template = UriTemplate::parse("/a{b}")?;
    /// assert_eq!(template.parts()[0], Part::Literal("/a".into()));
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Every variable specification, in template order (a name used twice appears twice).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// let template = UriTemplate::parse("{a}/{b}{?a}")?;
    /// assert_eq!(template.variables().count(), 3);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    pub fn variables(&self) -> impl Iterator<Item = &VarSpec> {
        self.expressions().flat_map(|e| e.variables.iter())
    }

    /// The distinct variable names, in order of first use.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// let template = UriTemplate::parse("{a}/{b}{?a}")?;
    /// assert_eq!(template.variable_names().collect::<Vec<_>>(), ["a", "b"]);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    pub fn variable_names(&self) -> impl Iterator<Item = &str> {
        let mut seen: Vec<&str> = Vec::new();
        self.variables().filter_map(move |spec| {
            if seen.contains(&spec.name()) {
                None
            } else {
                seen.push(spec.name());
                Some(spec.name())
            }
        })
    }

    /// The expressions, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// assert_eq!(UriTemplate::parse("/a{b}/{c}")?.expressions().count(), 2);
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    pub fn expressions(&self) -> impl Iterator<Item = &Expression> {
        self.parts.iter().filter_map(|part| match part {
            Part::Expression(e) => Some(e),
            Part::Literal(_) => None,
        })
    }

    /// Whether the template has any expression (a template without one expands to itself).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::UriTemplate;
    ///
    /// assert!(UriTemplate::parse("/a{b}")?.has_expressions());
    /// assert!(!UriTemplate::parse("/a/b")?.has_expressions());
    /// # Ok::<(), hal_template::TemplateError>(())
    /// ```
    #[must_use]
    pub fn has_expressions(&self) -> bool {
        self.expressions().next().is_some()
    }
}

impl FromStr for UriTemplate {
    type Err = TemplateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for UriTemplate {
    type Error = TemplateError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for UriTemplate {
    type Error = TemplateError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl fmt::Display for UriTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl AsRef<str> for UriTemplate {
    fn as_ref(&self) -> &str {
        &self.source
    }
}

struct Parser<'a> {
    source: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error<T>(&self, kind: TemplateErrorKind, at: usize) -> Result<T, TemplateError> {
        Err(TemplateError::new(kind, at))
    }

    fn peek(&self) -> Option<char> {
        self.source[self.pos..].chars().next()
    }

    fn parse(mut self) -> Result<UriTemplate, TemplateError> {
        let mut parts = Vec::new();
        let mut literal_start = 0;
        while let Some(c) = self.peek() {
            match c {
                '{' => {
                    if literal_start < self.pos {
                        parts.push(Part::Literal(
                            self.source[literal_start..self.pos].to_owned(),
                        ));
                    }
                    parts.push(Part::Expression(self.expression()?));
                    literal_start = self.pos;
                }
                '}' => return self.error(TemplateErrorKind::UnopenedExpression, self.pos),
                '%' => self.percent_triplet()?,
                c if is_literal_char(c) => self.pos += c.len_utf8(),
                c => return self.error(TemplateErrorKind::InvalidLiteral(c), self.pos),
            }
        }
        if literal_start < self.pos {
            parts.push(Part::Literal(self.source[literal_start..].to_owned()));
        }
        Ok(UriTemplate {
            source: self.source.to_owned(),
            parts,
        })
    }

    fn percent_triplet(&mut self) -> Result<(), TemplateError> {
        let bytes = self.source.as_bytes();
        let ok = bytes.get(self.pos + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(self.pos + 2).is_some_and(u8::is_ascii_hexdigit);
        if !ok {
            return self.error(TemplateErrorKind::InvalidPercentEncoding, self.pos);
        }
        self.pos += 3;
        Ok(())
    }

    fn expression(&mut self) -> Result<Expression, TemplateError> {
        let position = self.pos;
        self.pos += 1; // the `{`
        let operator = match self.peek() {
            None => return self.error(TemplateErrorKind::UnclosedExpression, position),
            Some(c @ ('=' | ',' | '!' | '@' | '|')) => {
                return self.error(TemplateErrorKind::ReservedOperator(c), self.pos);
            }
            Some('}') => return self.error(TemplateErrorKind::EmptyExpression, position),
            Some(c) => match Operator::from_char(c) {
                Some(op) => {
                    self.pos += 1;
                    op
                }
                None => Operator::Simple,
            },
        };
        let mut variables = Vec::new();
        loop {
            variables.push(self.varspec(position)?);
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    return Ok(Expression {
                        operator,
                        variables,
                        position,
                    });
                }
                None => return self.error(TemplateErrorKind::UnclosedExpression, position),
                Some('{') => return self.error(TemplateErrorKind::NestedExpression, self.pos),
                Some(c) => return self.error(TemplateErrorKind::UnexpectedCharacter(c), self.pos),
            }
        }
    }

    fn varspec(&mut self, expression_start: usize) -> Result<VarSpec, TemplateError> {
        let start = self.pos;
        // varname = varchar *( ["."] varchar ): no leading, trailing or doubled dots.
        let mut previous_was_dot = true;
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                    self.pos += 1;
                    previous_was_dot = false;
                }
                Some('%') => {
                    self.percent_triplet()?;
                    previous_was_dot = false;
                }
                Some('.') if !previous_was_dot => {
                    self.pos += 1;
                    previous_was_dot = true;
                }
                Some('.') => return self.error(TemplateErrorKind::InvalidVariableName, self.pos),
                None => return self.error(TemplateErrorKind::UnclosedExpression, expression_start),
                Some(_) => break,
            }
        }
        if start == self.pos {
            return match self.peek() {
                Some('}' | ',') => self.error(TemplateErrorKind::EmptyExpression, self.pos),
                _ => self.error(TemplateErrorKind::InvalidVariableName, self.pos),
            };
        }
        if previous_was_dot {
            return self.error(TemplateErrorKind::InvalidVariableName, self.pos - 1);
        }
        let name = self.source[start..self.pos].to_owned();
        let modifier = match self.peek() {
            Some('*') => {
                self.pos += 1;
                Modifier::Explode
            }
            Some(':') => {
                self.pos += 1;
                Modifier::Prefix(self.prefix_length()?)
            }
            _ => Modifier::None,
        };
        Ok(VarSpec {
            name,
            modifier,
            position: start,
        })
    }

    fn prefix_length(&mut self) -> Result<u16, TemplateError> {
        let start = self.pos;
        let digits = self.source[start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let text = &self.source[start..start + digits];
        // max-length = %x31-39 0*3DIGIT: 1 to 9999, no leading zero.
        if digits == 0 || digits > 4 || text.starts_with('0') {
            return self.error(TemplateErrorKind::InvalidPrefix, start);
        }
        self.pos += digits;
        text.parse()
            .or_else(|_| self.error(TemplateErrorKind::InvalidPrefix, start))
    }
}

/// RFC 6570 §2.1 `literals` as corrected by erratum 6937 (which allows `'`), without `%`
/// (handled as a triplet).
fn is_literal_char(c: char) -> bool {
    match c {
        '\u{21}' | '\u{23}'..='\u{24}' | '\u{26}'..='\u{3B}' | '\u{3D}' => true,
        '\u{3F}'..='\u{5B}' | '\u{5D}' | '\u{5F}' | '\u{61}'..='\u{7A}' | '\u{7E}' => true,
        c if c.is_ascii() => false,
        c => is_ucschar_or_iprivate(c),
    }
}

/// RFC 3987 `ucschar` and `iprivate`.
fn is_ucschar_or_iprivate(c: char) -> bool {
    let c = u32::from(c);
    // Planes 1 to 16 allow all but their last two code points; plane 14 starts at E1000.
    let plane_ok = (c & 0xFFFE) != 0xFFFE;
    matches!(c, 0xA0..=0xD7FF | 0xE000..=0xFDCF | 0xFDF0..=0xFFEF)
        || (matches!(c, 0x1_0000..=0xD_FFFF | 0xE_1000..=0x10_FFFF) && plane_ok)
}
