//! Where a parse is: its limits and the `_embedded` depth of the resource being read.

use serde::de;

use crate::read::Limits;

/// The limits of a whole parse and the nesting depth of the resource being read (0 for the
/// root). Passed by value down the document; [`child`](Self::child) is the one place the depth
/// limit is enforced.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    limits: Limits,
    depth: usize,
}

impl ParseContext {
    /// The root of a document read within `limits`.
    pub fn root(limits: Limits) -> Self {
        Self { limits, depth: 0 }
    }

    /// The limits of the whole parse.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The context of the resources embedded in this one.
    ///
    /// # Errors
    ///
    /// A custom error when that would nest deeper than the limits allow.
    pub fn child<E: de::Error>(self) -> Result<Self, E> {
        let depth = self.depth + 1;
        if depth > self.limits.max_depth() {
            return Err(E::custom(format_args!(
                "`_embedded` nests deeper than {} levels",
                self.limits.max_depth()
            )));
        }
        Ok(Self {
            limits: self.limits,
            depth,
        })
    }
}
