use std::borrow::Cow;

use crate::expand::Context;

/// A variable's value: a string, a list, or an associative array (RFC 6570 §2.3).
///
/// An empty list or map counts as undefined, as the RFC says.
///
/// # Examples
///
/// ```
/// use hal_template::Value;
///
/// assert_eq!(Value::from("x"), Value::String("x".into()));
/// assert_eq!(Value::list(["a", "b"]), Value::List(vec!["a".into(), "b".into()]));
/// assert_eq!(Value::from(42u64), Value::String("42".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A string.
    String(String),
    /// A list of strings.
    List(Vec<String>),
    /// Name/value pairs, in the order they expand.
    Map(Vec<(String, String)>),
}

impl Value {
    /// A list value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{UriTemplate, Value, Variables};
    ///
    /// let vars = Variables::new().with("tags", Value::list(["a", "b"]));
    /// assert_eq!(UriTemplate::parse("{?tags*}")?.expand(&vars)?, "?tags=a&tags=b");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::List(items.into_iter().map(Into::into).collect())
    }

    /// A map value; pairs keep their order.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::{UriTemplate, Value, Variables};
    ///
    /// let vars = Variables::new().with("filter", Value::map([("fleet", "f1"), ("vin", "V")]));
    /// assert_eq!(UriTemplate::parse("{?filter*}")?.expand(&vars)?, "?fleet=f1&vin=V");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// Whether the value counts as undefined (an empty list or map).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_template::Value;
    ///
    /// assert!(Value::List(vec![]).is_undefined());
    /// assert!(!Value::from("").is_undefined());
    /// ```
    #[must_use]
    pub fn is_undefined(&self) -> bool {
        match self {
            Self::String(_) => false,
            Self::List(items) => items.is_empty(),
            Self::Map(pairs) => pairs.is_empty(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Self::String(s.clone())
    }
}

impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Self {
        Self::List(items)
    }
}

macro_rules! value_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Self::String(n.to_string())
            }
        }
    )*};
}
value_from_display!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, bool, char
);

/// Named values for expansion, kept in insertion order.
///
/// # Examples
///
/// ```
/// use hal_template::{UriTemplate, Variables};
///
/// let mut vars = Variables::new();
/// vars.insert("offset", 20u64);
/// vars.insert("limit", 10u64);
/// assert_eq!(UriTemplate::parse("/trips{?offset,limit}")?.expand(&vars)?, "/trips?offset=20&limit=10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    entries: Vec<(String, Value)>,
}

impl Variables {
    /// No variables.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_template::Variables::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a variable, replacing an earlier value of the same name.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut vars = hal_template::Variables::new();
    /// vars.insert("id", "1");
    /// vars.insert("id", "2");
    /// assert_eq!(vars.get("id"), Some(&"2".into()));
    /// ```
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some((_, slot)) => *slot = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Sets a variable and returns `self`, for chaining.
    ///
    /// # Examples
    ///
    /// ```
    /// let vars = hal_template::Variables::new().with("a", "1").with("b", 2u8);
    /// assert_eq!(vars.len(), 2);
    /// ```
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.insert(name, value);
        self
    }

    /// The value of a variable.
    ///
    /// # Examples
    ///
    /// ```
    /// let vars = hal_template::Variables::new().with("a", "1");
    /// assert!(vars.get("b").is_none());
    /// ```
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// How many variables are set.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_template::Variables::new().with("a", "1").len(), 1);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no variable is set.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_template::Variables::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The variables in insertion order.
    ///
    /// # Examples
    ///
    /// ```
    /// let vars = hal_template::Variables::new().with("a", "1").with("b", "2");
    /// assert_eq!(vars.iter().map(|(n, _)| n).collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v))
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Variables {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut vars = Self::new();
        for (k, v) in iter {
            vars.insert(k, v);
        }
        vars
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for Variables {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl Context for Variables {
    fn get(&self, name: &str) -> Option<Cow<'_, Value>> {
        Variables::get(self, name).map(Cow::Borrowed)
    }
}
