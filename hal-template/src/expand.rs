use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::error::{ExpandError, ExpandErrorKind};
use crate::parse::{Expression, Modifier, Operator, Part, UriTemplate, VarSpec};
use crate::uri::{encode_literal, encode_reserved, encode_unreserved};
use crate::value::Value;

/// Where expansion looks up variable values.
///
/// Implemented for [`Variables`](crate::Variables), for maps from names to [`Value`]s, and for
/// closures `Fn(&str) -> Option<Value>`.
///
/// # Examples
///
/// ```
/// use hal_template::{UriTemplate, Value};
///
/// let lookup = |name: &str| (name == "id").then(|| Value::from("7"));
/// assert_eq!(UriTemplate::parse("/a/{id}{?q}")?.expand(&lookup)?, "/a/7");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Context {
    /// The value of `name`, or `None` when it is undefined.
    fn get(&self, name: &str) -> Option<Cow<'_, Value>>;
}

impl<F: Fn(&str) -> Option<Value> + ?Sized> Context for F {
    fn get(&self, name: &str) -> Option<Cow<'_, Value>> {
        self(name).map(Cow::Owned)
    }
}

impl<S: std::hash::BuildHasher> Context for HashMap<String, Value, S> {
    fn get(&self, name: &str) -> Option<Cow<'_, Value>> {
        HashMap::get(self, name).map(Cow::Borrowed)
    }
}

impl Context for BTreeMap<String, Value> {
    fn get(&self, name: &str) -> Option<Cow<'_, Value>> {
        BTreeMap::get(self, name).map(Cow::Borrowed)
    }
}

/// How an operator joins and encodes its values (RFC 6570 Appendix A).
struct Rules {
    first: &'static str,
    separator: char,
    named: bool,
    if_empty: &'static str,
    allow_reserved: bool,
}

impl Operator {
    fn rules(self) -> Rules {
        let (first, separator, named, if_empty, allow_reserved) = match self {
            Self::Simple => ("", ',', false, "", false),
            Self::Reserved => ("", ',', false, "", true),
            Self::Fragment => ("#", ',', false, "", true),
            Self::Label => (".", '.', false, "", false),
            Self::PathSegment => ("/", '/', false, "", false),
            Self::PathParameter => (";", ';', true, "", false),
            Self::Query => ("?", '&', true, "=", false),
            Self::QueryContinuation => ("&", '&', true, "=", false),
        };
        Rules {
            first,
            separator,
            named,
            if_empty,
            allow_reserved,
        }
    }
}

impl Rules {
    fn encode(&self, out: &mut String, text: &str) {
        if self.allow_reserved {
            encode_reserved(out, text);
        } else {
            encode_unreserved(out, text);
        }
    }

    /// `name=value`, or `name` plus `ifemp` for an empty value.
    fn push_named(&self, out: &mut String, name: &str, value: &str) {
        out.push_str(name);
        if value.is_empty() {
            out.push_str(self.if_empty);
        } else {
            out.push('=');
            self.encode(out, value);
        }
    }
}

impl UriTemplate {
    /// Expands the template with values from `context`; undefined variables are left out.
    ///
    /// # Errors
    ///
    /// [`ExpandError`] when a prefix modifier meets a list or map value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{UriTemplate, Value, Variables};
    ///
    /// let template = UriTemplate::parse("/search{?q,tags*}")?;
    /// let vars = Variables::new().with("q", "a&b").with("tags", Value::list(["x", "y"]));
    /// assert_eq!(template.expand(&vars)?, "/search?q=a%26b&tags=x&tags=y");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expand<C: Context + ?Sized>(&self, context: &C) -> Result<String, ExpandError> {
        let mut out = String::with_capacity(self.as_str().len() + 16);
        self.expand_into(&mut out, context)?;
        Ok(out)
    }

    /// Expands into an existing string (appending), so hot paths can reuse a buffer.
    ///
    /// # Errors
    ///
    /// As [`expand`](Self::expand). On error, `out` may hold part of the expansion.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{UriTemplate, Variables};
    ///
    /// let mut out = String::from("https://api.example.com");
    /// UriTemplate::parse("/v/{id}")?.expand_into(&mut out, &Variables::new().with("id", "1"))?;
    /// assert_eq!(out, "https://api.example.com/v/1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expand_into<C: Context + ?Sized>(
        &self,
        out: &mut String,
        context: &C,
    ) -> Result<(), ExpandError> {
        for part in self.parts() {
            match part {
                Part::Literal(text) => encode_literal(out, text),
                Part::Expression(expression) => expand_expression(out, expression, context)?,
            }
        }
        Ok(())
    }
}

impl Expression {
    /// Expands this one expression into `out` (appending), for callers that expand some
    /// expressions of a template and keep others as written.
    ///
    /// # Errors
    ///
    /// [`ExpandError`] when a prefix modifier meets a list or map value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{Part, UriTemplate, Variables};
    ///
    /// let template = UriTemplate::parse("/v/{id}{?q}")?;
    /// let Part::Expression(id) = &template.parts()[1] else { unreachable!() };
    /// let mut out = String::from("/v/");
    /// id.expand_into(&mut out, &Variables::new().with("id", "a b"))?;
    /// assert_eq!(out, "/v/a%20b");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expand_into<C: Context + ?Sized>(
        &self,
        out: &mut String,
        context: &C,
    ) -> Result<(), ExpandError> {
        expand_expression(out, self, context)
    }
}

fn expand_expression<C: Context + ?Sized>(
    out: &mut String,
    expression: &Expression,
    context: &C,
) -> Result<(), ExpandError> {
    let rules = expression.operator().rules();
    let mut first = true;
    for spec in expression.variables() {
        let Some(value) = context.get(spec.name()) else {
            continue;
        };
        if value.is_undefined() {
            continue;
        }
        if first {
            out.push_str(rules.first);
            first = false;
        } else {
            out.push(rules.separator);
        }
        expand_value(out, &rules, spec, &value)?;
    }
    Ok(())
}

fn expand_value(
    out: &mut String,
    rules: &Rules,
    spec: &VarSpec,
    value: &Value,
) -> Result<(), ExpandError> {
    let name = spec.name();
    match (value, spec.modifier()) {
        (Value::String(text), modifier) => {
            let text = match modifier {
                Modifier::Prefix(max) => prefix(text, usize::from(max)),
                Modifier::None | Modifier::Explode => text.as_str(),
            };
            if rules.named {
                rules.push_named(out, name, text);
            } else {
                rules.encode(out, text);
            }
        }
        (Value::List(_) | Value::Map(_), Modifier::Prefix(_)) => {
            return Err(ExpandError::new(
                ExpandErrorKind::PrefixOnComposite,
                name,
                spec.position(),
            ));
        }
        (Value::List(items), Modifier::None) => {
            if rules.named {
                out.push_str(name);
                out.push('=');
            }
            join(out, items, ',', |out, item| rules.encode(out, item));
        }
        (Value::Map(pairs), Modifier::None) => {
            if rules.named {
                out.push_str(name);
                out.push('=');
            }
            join(out, pairs, ',', |out, (key, value)| {
                rules.encode(out, key);
                out.push(',');
                rules.encode(out, value);
            });
        }
        (Value::List(items), Modifier::Explode) => {
            join(out, items, rules.separator, |out, item| {
                if rules.named {
                    rules.push_named(out, name, item);
                } else {
                    rules.encode(out, item);
                }
            });
        }
        (Value::Map(pairs), Modifier::Explode) => {
            join(out, pairs, rules.separator, |out, (key, value)| {
                if rules.named {
                    let mut encoded_key = String::new();
                    rules.encode(&mut encoded_key, key);
                    rules.push_named(out, &encoded_key, value);
                } else {
                    rules.encode(out, key);
                    out.push('=');
                    rules.encode(out, value);
                }
            });
        }
    }
    Ok(())
}

fn join<T>(out: &mut String, items: &[T], separator: char, mut each: impl FnMut(&mut String, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        each(out, item);
    }
}

/// The first `max` characters (Unicode scalar values) of `text`.
fn prefix(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}
