//! What a document asks of the resources in it travels with the serialization: templates are
//! written at a document's root only, and a curie is left out only where an enclosing resource
//! of the same document declares it. Random nestings of `WithTemplates`, `Hal`, `Resource`,
//! embedded resources and state members are written and compared with a model of the draft's
//! rules, computed from the values alone (so nothing the thread wrote before can matter).

use hal_core::forms::HalForm;
use hal_core::{Hal, HalDocument, HalResource, Resource, WithTemplates};
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

#[derive(serde::Deserialize, HalForm)]
struct Input {
    #[allow(dead_code)]
    label: String,
}

/// A derived resource declaring `cc` as `/a/{rel}`, embedding both kinds.
#[derive(Serialize, HalResource, Debug, Clone)]
#[hal(curie(name = "cc", href = "/a/{rel}"))]
#[hal(self_link = "/a/{id}")]
#[hal(template(method = "POST", input = Input))]
struct NodeA {
    id: u32,
    members: Vec<Member>,
    #[hal(embedded(rel = "cc:a"))]
    a: Vec<NodeA>,
    #[hal(embedded(rel = "cc:b"))]
    b: Vec<NodeB>,
}

/// Declares `cc` with another template (`/b/{rel}`) and `dd` as well.
#[derive(Serialize, HalResource, Debug, Clone)]
#[hal(curie(name = "cc", href = "/b/{rel}"))]
#[hal(curie(name = "dd", href = "/d/{rel}"))]
#[hal(self_link = "/b/{id}")]
#[hal(template(name = "edit", method = "PUT", input = Input))]
struct NodeB {
    id: u32,
    members: Vec<Member>,
    #[hal(embedded(rel = "cc:a"))]
    a: Vec<NodeA>,
}

/// A state member that is itself a document: written as one of its own, whatever encloses it.
#[derive(Debug, Clone)]
enum Member {
    Hal(NodeA),
    Forms(NodeB),
    Dynamic(NodeA),
}

impl Serialize for Member {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Member::Hal(node) => Hal(node).serialize(serializer),
            Member::Forms(node) => WithTemplates(Hal(node)).serialize(serializer),
            Member::Dynamic(node) => {
                Resource::new(State { inner: Hal(node) }).serialize(serializer)
            }
        }
    }
}

/// The derive reads a resource's state back as well; these tests only write.
impl<'de> serde::Deserialize<'de> for Member {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("members are only written here"))
    }
}

#[derive(Serialize)]
struct State<T> {
    inner: T,
}

fn curie(name: &str, href: &str) -> Value {
    json!({"href": href, "templated": true, "name": name})
}

/// The curies a resource declares, as (name, template).
trait Declares {
    const DECLARED: &'static [(&'static str, &'static str)];
}
impl Declares for NodeA {
    const DECLARED: &'static [(&'static str, &'static str)] = &[("cc", "/a/{rel}")];
}
impl Declares for NodeB {
    const DECLARED: &'static [(&'static str, &'static str)] =
        &[("cc", "/b/{rel}"), ("dd", "/d/{rel}")];
}

/// The curies in force around a resource, innermost declaration last.
type Scope = Vec<(&'static str, &'static str)>;

/// [H-65](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-65)'s scope: a curie is repeated unless the nearest enclosing declaration of its name has
/// the same template.
fn fresh<T: Declares>(scope: &Scope) -> Vec<Value> {
    T::DECLARED
        .iter()
        .filter(|(name, href)| {
            scope
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .is_none_or(|(_, h)| h != href)
        })
        .map(|(name, href)| curie(name, href))
        .collect()
}

fn with_declared<T: Declares>(scope: &Scope) -> Scope {
    let mut inner = scope.clone();
    inner.extend(T::DECLARED.iter().copied());
    inner
}

fn model_member(member: &Member) -> Value {
    match member {
        Member::Hal(node) => model_a(node, &Vec::new(), false),
        Member::Forms(node) => model_b(node, &Vec::new(), true),
        Member::Dynamic(node) => json!({"inner": model_a(node, &Vec::new(), false)}),
    }
}

/// What the model expects of one derived resource: the parts that differ by type.
struct Expected<'a> {
    self_href: String,
    id: u32,
    members: &'a [Member],
    /// The embedded relations, given the scope inside the resource.
    embedded: Box<dyn Fn(&Scope) -> Value + 'a>,
    templates: Value,
}

fn model<T: Declares>(expected: Expected<'_>, scope: &Scope, root_with_templates: bool) -> Value {
    let mut links = serde_json::Map::new();
    let curies = fresh::<T>(scope);
    if !curies.is_empty() {
        links.insert("curies".into(), Value::Array(curies));
    }
    links.insert("self".into(), json!({"href": expected.self_href}));
    let mut object = serde_json::Map::new();
    object.insert("_links".into(), Value::Object(links));
    object.insert("id".into(), json!(expected.id));
    object.insert(
        "members".into(),
        expected.members.iter().map(model_member).collect(),
    );
    object.insert(
        "_embedded".into(),
        (expected.embedded)(&with_declared::<T>(scope)),
    );
    if root_with_templates {
        object.insert("_templates".into(), expected.templates);
    }
    Value::Object(object)
}

fn model_a(node: &NodeA, scope: &Scope, root_with_templates: bool) -> Value {
    let expected = Expected {
        self_href: format!("/a/{}", node.id),
        id: node.id,
        members: &node.members,
        embedded: Box::new(|inner| {
            json!({
                "cc:a": node.a.iter().map(|a| model_a(a, inner, false)).collect::<Vec<_>>(),
                "cc:b": node.b.iter().map(|b| model_b(b, inner, false)).collect::<Vec<_>>(),
            })
        }),
        templates: json!({"default": {"method": "POST", "properties": [{"name": "label", "required": true, "type": "text"}]}}),
    };
    model::<NodeA>(expected, scope, root_with_templates)
}

fn model_b(node: &NodeB, scope: &Scope, root_with_templates: bool) -> Value {
    let expected = Expected {
        self_href: format!("/b/{}", node.id),
        id: node.id,
        members: &node.members,
        embedded: Box::new(
            |inner| json!({"cc:a": node.a.iter().map(|a| model_a(a, inner, false)).collect::<Vec<_>>()}),
        ),
        templates: json!({"edit": {"method": "PUT", "properties": [{"name": "label", "required": true, "type": "text"}]}}),
    };
    model::<NodeB>(expected, scope, root_with_templates)
}

fn member_strategy(
    node: impl Strategy<Value = NodeA> + Clone + 'static,
) -> impl Strategy<Value = Member> {
    prop_oneof![
        node.clone().prop_map(Member::Hal),
        node.clone().prop_map(|a| Member::Forms(NodeB {
            id: a.id,
            members: a.members,
            a: a.a
        })),
        node.prop_map(Member::Dynamic),
    ]
}

fn node_strategy() -> impl Strategy<Value = NodeA> {
    let leaf = any::<u8>().prop_map(|id| NodeA {
        id: id.into(),
        members: vec![],
        a: vec![],
        b: vec![],
    });
    leaf.prop_recursive(4, 24, 3, |inner| {
        (
            any::<u8>(),
            prop::collection::vec(member_strategy(inner.clone()), 0..2),
            prop::collection::vec(inner.clone(), 0..3),
            prop::collection::vec(
                (any::<u8>(), prop::collection::vec(inner.clone(), 0..2)).prop_map(|(id, a)| {
                    NodeB {
                        id: id.into(),
                        members: vec![],
                        a,
                    }
                }),
                0..2,
            ),
        )
            .prop_map(|(id, members, a, b)| NodeA {
                id: id.into(),
                members,
                a,
                b,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prop_templates_at_the_root_only_and_curies_by_the_documents_scope(node in node_strategy()) {
        let plain = serde_json::to_value(Hal(&node)).unwrap();
        prop_assert_eq!(&plain, &model_a(&node, &Vec::new(), false), "Hal writes no templates");

        let forms = serde_json::to_value(WithTemplates(Hal(&node))).unwrap();
        prop_assert_eq!(&forms, &model_a(&node, &Vec::new(), true), "WithTemplates: the root's templates only");

        let derived = serde_json::to_value(WithTemplates(&node)).unwrap();
        prop_assert_eq!(&derived, &forms, "a derived value under WithTemplates writes as Hal does");

        // A dynamic resource whose state holds the document: the state is not the root.
        let wrapped = serde_json::to_value(WithTemplates(Resource::new(State { inner: Hal(&node) }))).unwrap();
        prop_assert_eq!(&wrapped, &json!({"inner": model_a(&node, &Vec::new(), false)}), "no templates in a state member");

        // Bytes, twice on one thread and once inside another document's state: the same.
        let mut bytes = Vec::new();
        node.serialize_with_templates(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
        let again = serde_json::to_vec(&WithTemplates(Hal(&node))).unwrap();
        prop_assert_eq!(&bytes, &again, "the same document, the same bytes");
        let outer = NodeA { id: 0, members: vec![Member::Forms(NodeB { id: 1, members: vec![Member::Hal(node.clone())], a: vec![] })], a: vec![node.clone()], b: vec![] };
        let nested = serde_json::to_value(WithTemplates(Hal(&outer))).unwrap();
        prop_assert_eq!(&nested, &model_a(&outer, &Vec::new(), true), "nested in another document");
    }
}

/// The case the thread-local got wrong: a derived document as a state member of a dynamic
/// resource written as HAL-FORMS wrote its templates inside the state member.
#[test]
fn a_state_member_never_takes_the_documents_templates() {
    let node = NodeA {
        id: 7,
        members: vec![],
        a: vec![],
        b: vec![],
    };
    let json =
        serde_json::to_value(WithTemplates(Resource::new(State { inner: Hal(&node) }))).unwrap();
    assert!(json["inner"].get("_templates").is_none(), "{json}");
    // And the next document on this thread is not affected either.
    let after = serde_json::to_value(Hal(&node)).unwrap();
    assert!(after.get("_templates").is_none(), "{after}");
}
