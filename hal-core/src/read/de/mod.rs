//! Reading resource objects with serde: the one parse path that [`Resource`](crate::Resource)
//! and derived types share.
//!
//! A resource object is read member by member, without buffering:
//!
//! - [`object`]: the state goes to the type's own `Deserialize`, while `_links` and `_embedded`
//!   are taken aside, each at most once, the depth checked before `_embedded` is read;
//! - [`relations`]: the members of `_links` and `_embedded`, each relation read by the slots of
//!   the reader (a [`RelMap`](crate::rel::map::RelMap) for `Resource`, the fields for a derived
//!   type), embedded resources through [`HalDeserialize`] one level down.
//!
//! The readers of one relation's value live with their types: `links.rs` reads link entries
//! (within [`Limits::max_links_per_relation`](crate::Limits::max_links_per_relation)),
//! [`relations::EmbeddedEntrySeed`] reads embedded ones. [`ParseContext`] carries the limits and
//! the depth through all of it.

mod context;
mod key;
mod object;
mod relations;

pub use context::ParseContext;
pub(crate) use key::Key;
pub(crate) use object::{ReservedSlots, read_resource_object};
pub use relations::HalDeserialize;
pub(crate) use relations::{EmbeddedEntrySeed, Member, RelationSlots, Relations};
