//! The derive's expansion compiles warning-free in a crate that denies warnings.
#![deny(
    warnings,
    unused_qualifications,
    missing_docs,
    rust_2018_idioms,
    unused_results
)]

use hal_core::{Hal, HalResource, Link};
use serde::{Deserialize, Serialize};

/// An embedded resource.
#[derive(Serialize, Deserialize, HalResource)]
#[hal(self_link = "/children/{id}")]
pub struct Child {
    /// Its id.
    pub id: u32,
}

/// A resource using every kind of attribute.
#[derive(Serialize, Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/parents/{parent_id}")]
#[hal(link(
    rel = "search",
    href = "/parents/{parent_id}/children{?q}",
    templated,
    skip_if = "Parent::hidden"
))]
#[hal(curie(name = "p", href = "/rels/{rel}"))]
pub struct Parent {
    /// Its id.
    pub parent_id: u32,
    /// Its children.
    #[hal(embedded)]
    pub children: Vec<Child>,
    /// Its first child.
    #[hal(embedded(rel = "p:first"))]
    pub first: Option<Child>,
    /// A link.
    #[hal(link)]
    pub up: Option<Link>,
    /// More links.
    #[hal(links)]
    pub more: hal_core::Links,
}

impl Parent {
    fn hidden(&self) -> bool {
        self.parent_id == 0
    }
}

#[test]
fn expands_and_round_trips() {
    let parent = Parent {
        parent_id: 1,
        children: vec![Child { id: 2 }],
        first: None,
        up: None,
        more: hal_core::Links::new(),
    };
    let json = serde_json::to_string(&Hal(&parent)).unwrap();
    let back = serde_json::from_str::<Hal<Parent>>(&json)
        .unwrap()
        .into_inner();
    assert_eq!(back.children.len(), 1);
}
