//! What a document being written asks of each derived resource in it, carried with the
//! serialization (as serde_json carries its depth in the serializer) instead of in the thread.

use std::cell::RefCell;

use serde::Serialize;

use crate::link::StaticCurie;

/// The context a derived resource is written in: whether it is the root of a document written
/// as HAL-FORMS, the curies the resources around it declare, and a buffer for hrefs shared by
/// the whole document.
///
/// Made by `Hal<T>` at a document's root and handed down, through the methods the derive
/// generates, to every resource it embeds; a resource written any other way (as state, inside
/// another document's serialization) starts a context of its own, so nothing it writes depends
/// on what else is being written.
#[derive(Debug)]
pub struct WriteContext<'a> {
    /// Whether this resource writes its `_templates` (only ever a document's root).
    templates: bool,
    /// The curies declared by the resource that embeds this one.
    curies: &'static [StaticCurie],
    /// The context of the resource that embeds this one.
    outer: Option<&'a WriteContext<'a>>,
    /// Where hrefs are assembled, one string for the whole document.
    href_buffer: &'a RefCell<String>,
}

/// Room for a typical href, so that a document's hrefs allocate once.
const HREF_CAPACITY: usize = 128;

impl<'a> WriteContext<'a> {
    /// A buffer for a document's hrefs, to make its root context with.
    pub(crate) fn href_buffer() -> RefCell<String> {
        RefCell::new(String::with_capacity(HREF_CAPACITY))
    }

    /// The context of a document's root resource.
    pub(crate) fn root(href_buffer: &'a RefCell<String>, templates: bool) -> Self {
        WriteContext {
            templates,
            curies: &[],
            outer: None,
            href_buffer,
        }
    }

    /// The context of the resources embedded in a resource that declares `curies` and is
    /// written in this context: never templates, and `curies` in force.
    pub(crate) fn embedded(&'a self, curies: &'static [StaticCurie]) -> WriteContext<'a> {
        WriteContext {
            templates: false,
            curies,
            outer: Some(self),
            href_buffer: self.href_buffer,
        }
    }

    /// Whether the resource written in this context writes its templates.
    pub(crate) fn templates(&self) -> bool {
        self.templates
    }

    /// Whether `curie` is in force already: the nearest enclosing declaration of its name has
    /// the same template (H-65: an outer resource's curies hold for what it embeds).
    fn in_force(&self, curie: &StaticCurie) -> bool {
        let mut scope = Some(self);
        while let Some(context) = scope {
            if let Some(outer) = context.curies.iter().find(|c| c.name() == curie.name()) {
                return outer.href() == curie.href();
            }
            scope = context.outer;
        }
        false
    }

    /// The declared curies a resource written in this context writes: those not in force.
    pub(crate) fn fresh_curies(&self, declared: &'static [StaticCurie]) -> FreshCuries {
        if declared.is_empty() {
            return FreshCuries(Vec::new());
        }
        FreshCuries(declared.iter().filter(|c| !self.in_force(c)).collect())
    }

    /// Runs `write` with the document's href buffer, emptied; with a buffer of its own in the
    /// one case where the shared one is taken (an href's `Display` writing a document).
    pub(crate) fn with_href_buffer<R>(&self, write: impl FnOnce(&mut String) -> R) -> R {
        match self.href_buffer.try_borrow_mut() {
            Ok(mut buffer) => {
                buffer.clear();
                write(&mut buffer)
            }
            Err(_) => write(&mut String::new()),
        }
    }
}

/// The curies a resource writes first in its `_links`.
pub(crate) struct FreshCuries(Vec<&'static StaticCurie>);

impl FreshCuries {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for FreshCuries {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTER: &[StaticCurie] = &[StaticCurie::new("cc", "/docs/{rel}")];
    const SAME: &[StaticCurie] = &[StaticCurie::new("cc", "/docs/{rel}")];
    const OTHER: &[StaticCurie] = &[StaticCurie::new("cc", "/other/{rel}")];

    #[test]
    fn a_curie_in_force_is_not_repeated_and_the_nearest_declaration_counts() {
        let buffer = WriteContext::href_buffer();
        let root = WriteContext::root(&buffer, true);
        assert!(root.templates());
        assert_eq!(
            root.fresh_curies(SAME).0.len(),
            1,
            "nothing is in force at the root"
        );

        let inside = root.embedded(OUTER);
        assert!(!inside.templates(), "templates are the root's alone");
        assert!(inside.fresh_curies(SAME).is_empty());
        assert_eq!(
            inside.fresh_curies(OTHER).0.len(),
            1,
            "another template is written"
        );

        let deeper = inside.embedded(OTHER);
        assert_eq!(
            deeper.fresh_curies(SAME).0.len(),
            1,
            "the nearest declaration (`/other`) differs"
        );
    }
}
