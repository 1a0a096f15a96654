//! The IANA Link Relation Types registry (RFC 8288 §2.1.1), names only.
//!
//! `tests/tests/rel_registry.rs` checks this table against `tests/data/iana-link-relations.txt`.

use super::Rel;

/// Registered names in lower case, sorted by byte value for binary search.
pub(super) const NAMES: [&str; 133] = [
    "about",
    "acl",
    "alternate",
    "amphtml",
    "api-catalog",
    "appendix",
    "apple-touch-icon",
    "apple-touch-startup-image",
    "archives",
    "author",
    "blocked-by",
    "bookmark",
    "c2pa-manifest",
    "canonical",
    "chapter",
    "cite-as",
    "collection",
    "compression-dictionary",
    "contents",
    "convertedfrom",
    "copyright",
    "create-form",
    "current",
    "deprecation",
    "describedby",
    "describes",
    "disclosure",
    "dns-prefetch",
    "duplicate",
    "edit",
    "edit-form",
    "edit-media",
    "enclosure",
    "external",
    "first",
    "geofeed",
    "glossary",
    "help",
    "hosts",
    "hub",
    "ice-server",
    "icon",
    "index",
    "intervalafter",
    "intervalbefore",
    "intervalcontains",
    "intervaldisjoint",
    "intervalduring",
    "intervalequals",
    "intervalfinishedby",
    "intervalfinishes",
    "intervalin",
    "intervalmeets",
    "intervalmetby",
    "intervaloverlappedby",
    "intervaloverlaps",
    "intervalstartedby",
    "intervalstarts",
    "item",
    "last",
    "latest-version",
    "license",
    "linkset",
    "lrdd",
    "manifest",
    "mask-icon",
    "me",
    "media-feed",
    "memento",
    "micropub",
    "modulepreload",
    "monitor",
    "monitor-group",
    "next",
    "next-archive",
    "nofollow",
    "noopener",
    "noreferrer",
    "opener",
    "openid2.local_id",
    "openid2.provider",
    "original",
    "p3pv1",
    "payment",
    "pingback",
    "preconnect",
    "predecessor-version",
    "prefetch",
    "preload",
    "prerender",
    "prev",
    "prev-archive",
    "preview",
    "previous",
    "privacy-policy",
    "profile",
    "publication",
    "rdap-active",
    "rdap-bottom",
    "rdap-down",
    "rdap-top",
    "rdap-up",
    "related",
    "replies",
    "restconf",
    "ruleinput",
    "search",
    "section",
    "self",
    "service",
    "service-desc",
    "service-doc",
    "service-meta",
    "sip-trunking-capability",
    "sponsored",
    "start",
    "status",
    "stylesheet",
    "subsection",
    "successor-version",
    "sunset",
    "tag",
    "terms-of-service",
    "timegate",
    "timemap",
    "type",
    "ugc",
    "up",
    "version-history",
    "via",
    "webmention",
    "working-copy",
    "working-copy-of",
];

impl Rel {
    /// The registered relation `about`.
    pub const ABOUT: Rel = Rel::registered(0);
    /// The registered relation `acl`.
    pub const ACL: Rel = Rel::registered(1);
    /// The registered relation `alternate`.
    pub const ALTERNATE: Rel = Rel::registered(2);
    /// The registered relation `amphtml`.
    pub const AMPHTML: Rel = Rel::registered(3);
    /// The registered relation `api-catalog`.
    pub const API_CATALOG: Rel = Rel::registered(4);
    /// The registered relation `appendix`.
    pub const APPENDIX: Rel = Rel::registered(5);
    /// The registered relation `apple-touch-icon`.
    pub const APPLE_TOUCH_ICON: Rel = Rel::registered(6);
    /// The registered relation `apple-touch-startup-image`.
    pub const APPLE_TOUCH_STARTUP_IMAGE: Rel = Rel::registered(7);
    /// The registered relation `archives`.
    pub const ARCHIVES: Rel = Rel::registered(8);
    /// The registered relation `author`.
    pub const AUTHOR: Rel = Rel::registered(9);
    /// The registered relation `blocked-by`.
    pub const BLOCKED_BY: Rel = Rel::registered(10);
    /// The registered relation `bookmark`.
    pub const BOOKMARK: Rel = Rel::registered(11);
    /// The registered relation `c2pa-manifest`.
    pub const C2PA_MANIFEST: Rel = Rel::registered(12);
    /// The registered relation `canonical`.
    pub const CANONICAL: Rel = Rel::registered(13);
    /// The registered relation `chapter`.
    pub const CHAPTER: Rel = Rel::registered(14);
    /// The registered relation `cite-as`.
    pub const CITE_AS: Rel = Rel::registered(15);
    /// The registered relation `collection`.
    pub const COLLECTION: Rel = Rel::registered(16);
    /// The registered relation `compression-dictionary`.
    pub const COMPRESSION_DICTIONARY: Rel = Rel::registered(17);
    /// The registered relation `contents`.
    pub const CONTENTS: Rel = Rel::registered(18);
    /// The registered relation `convertedfrom`.
    pub const CONVERTEDFROM: Rel = Rel::registered(19);
    /// The registered relation `copyright`.
    pub const COPYRIGHT: Rel = Rel::registered(20);
    /// The registered relation `create-form`.
    pub const CREATE_FORM: Rel = Rel::registered(21);
    /// The registered relation `current`.
    pub const CURRENT: Rel = Rel::registered(22);
    /// The registered relation `deprecation`.
    pub const DEPRECATION: Rel = Rel::registered(23);
    /// The registered relation `describedby`.
    pub const DESCRIBEDBY: Rel = Rel::registered(24);
    /// The registered relation `describes`.
    pub const DESCRIBES: Rel = Rel::registered(25);
    /// The registered relation `disclosure`.
    pub const DISCLOSURE: Rel = Rel::registered(26);
    /// The registered relation `dns-prefetch`.
    pub const DNS_PREFETCH: Rel = Rel::registered(27);
    /// The registered relation `duplicate`.
    pub const DUPLICATE: Rel = Rel::registered(28);
    /// The registered relation `edit`.
    pub const EDIT: Rel = Rel::registered(29);
    /// The registered relation `edit-form`.
    pub const EDIT_FORM: Rel = Rel::registered(30);
    /// The registered relation `edit-media`.
    pub const EDIT_MEDIA: Rel = Rel::registered(31);
    /// The registered relation `enclosure`.
    pub const ENCLOSURE: Rel = Rel::registered(32);
    /// The registered relation `external`.
    pub const EXTERNAL: Rel = Rel::registered(33);
    /// The registered relation `first`.
    pub const FIRST: Rel = Rel::registered(34);
    /// The registered relation `geofeed`.
    pub const GEOFEED: Rel = Rel::registered(35);
    /// The registered relation `glossary`.
    pub const GLOSSARY: Rel = Rel::registered(36);
    /// The registered relation `help`.
    pub const HELP: Rel = Rel::registered(37);
    /// The registered relation `hosts`.
    pub const HOSTS: Rel = Rel::registered(38);
    /// The registered relation `hub`.
    pub const HUB: Rel = Rel::registered(39);
    /// The registered relation `ice-server`.
    pub const ICE_SERVER: Rel = Rel::registered(40);
    /// The registered relation `icon`.
    pub const ICON: Rel = Rel::registered(41);
    /// The registered relation `index`.
    pub const INDEX: Rel = Rel::registered(42);
    /// The registered relation `intervalafter`.
    pub const INTERVALAFTER: Rel = Rel::registered(43);
    /// The registered relation `intervalbefore`.
    pub const INTERVALBEFORE: Rel = Rel::registered(44);
    /// The registered relation `intervalcontains`.
    pub const INTERVALCONTAINS: Rel = Rel::registered(45);
    /// The registered relation `intervaldisjoint`.
    pub const INTERVALDISJOINT: Rel = Rel::registered(46);
    /// The registered relation `intervalduring`.
    pub const INTERVALDURING: Rel = Rel::registered(47);
    /// The registered relation `intervalequals`.
    pub const INTERVALEQUALS: Rel = Rel::registered(48);
    /// The registered relation `intervalfinishedby`.
    pub const INTERVALFINISHEDBY: Rel = Rel::registered(49);
    /// The registered relation `intervalfinishes`.
    pub const INTERVALFINISHES: Rel = Rel::registered(50);
    /// The registered relation `intervalin`.
    pub const INTERVALIN: Rel = Rel::registered(51);
    /// The registered relation `intervalmeets`.
    pub const INTERVALMEETS: Rel = Rel::registered(52);
    /// The registered relation `intervalmetby`.
    pub const INTERVALMETBY: Rel = Rel::registered(53);
    /// The registered relation `intervaloverlappedby`.
    pub const INTERVALOVERLAPPEDBY: Rel = Rel::registered(54);
    /// The registered relation `intervaloverlaps`.
    pub const INTERVALOVERLAPS: Rel = Rel::registered(55);
    /// The registered relation `intervalstartedby`.
    pub const INTERVALSTARTEDBY: Rel = Rel::registered(56);
    /// The registered relation `intervalstarts`.
    pub const INTERVALSTARTS: Rel = Rel::registered(57);
    /// The registered relation `item`.
    pub const ITEM: Rel = Rel::registered(58);
    /// The registered relation `last`.
    pub const LAST: Rel = Rel::registered(59);
    /// The registered relation `latest-version`.
    pub const LATEST_VERSION: Rel = Rel::registered(60);
    /// The registered relation `license`.
    pub const LICENSE: Rel = Rel::registered(61);
    /// The registered relation `linkset`.
    pub const LINKSET: Rel = Rel::registered(62);
    /// The registered relation `lrdd`.
    pub const LRDD: Rel = Rel::registered(63);
    /// The registered relation `manifest`.
    pub const MANIFEST: Rel = Rel::registered(64);
    /// The registered relation `mask-icon`.
    pub const MASK_ICON: Rel = Rel::registered(65);
    /// The registered relation `me`.
    pub const ME: Rel = Rel::registered(66);
    /// The registered relation `media-feed`.
    pub const MEDIA_FEED: Rel = Rel::registered(67);
    /// The registered relation `memento`.
    pub const MEMENTO: Rel = Rel::registered(68);
    /// The registered relation `micropub`.
    pub const MICROPUB: Rel = Rel::registered(69);
    /// The registered relation `modulepreload`.
    pub const MODULEPRELOAD: Rel = Rel::registered(70);
    /// The registered relation `monitor`.
    pub const MONITOR: Rel = Rel::registered(71);
    /// The registered relation `monitor-group`.
    pub const MONITOR_GROUP: Rel = Rel::registered(72);
    /// The registered relation `next`.
    pub const NEXT: Rel = Rel::registered(73);
    /// The registered relation `next-archive`.
    pub const NEXT_ARCHIVE: Rel = Rel::registered(74);
    /// The registered relation `nofollow`.
    pub const NOFOLLOW: Rel = Rel::registered(75);
    /// The registered relation `noopener`.
    pub const NOOPENER: Rel = Rel::registered(76);
    /// The registered relation `noreferrer`.
    pub const NOREFERRER: Rel = Rel::registered(77);
    /// The registered relation `opener`.
    pub const OPENER: Rel = Rel::registered(78);
    /// The registered relation `openid2.local_id`.
    pub const OPENID2_LOCAL_ID: Rel = Rel::registered(79);
    /// The registered relation `openid2.provider`.
    pub const OPENID2_PROVIDER: Rel = Rel::registered(80);
    /// The registered relation `original`.
    pub const ORIGINAL: Rel = Rel::registered(81);
    /// The registered relation `p3pv1`.
    pub const P3PV1: Rel = Rel::registered(82);
    /// The registered relation `payment`.
    pub const PAYMENT: Rel = Rel::registered(83);
    /// The registered relation `pingback`.
    pub const PINGBACK: Rel = Rel::registered(84);
    /// The registered relation `preconnect`.
    pub const PRECONNECT: Rel = Rel::registered(85);
    /// The registered relation `predecessor-version`.
    pub const PREDECESSOR_VERSION: Rel = Rel::registered(86);
    /// The registered relation `prefetch`.
    pub const PREFETCH: Rel = Rel::registered(87);
    /// The registered relation `preload`.
    pub const PRELOAD: Rel = Rel::registered(88);
    /// The registered relation `prerender`.
    pub const PRERENDER: Rel = Rel::registered(89);
    /// The registered relation `prev`.
    pub const PREV: Rel = Rel::registered(90);
    /// The registered relation `prev-archive`.
    pub const PREV_ARCHIVE: Rel = Rel::registered(91);
    /// The registered relation `preview`.
    pub const PREVIEW: Rel = Rel::registered(92);
    /// The registered relation `previous`.
    pub const PREVIOUS: Rel = Rel::registered(93);
    /// The registered relation `privacy-policy`.
    pub const PRIVACY_POLICY: Rel = Rel::registered(94);
    /// The registered relation `profile`.
    pub const PROFILE: Rel = Rel::registered(95);
    /// The registered relation `publication`.
    pub const PUBLICATION: Rel = Rel::registered(96);
    /// The registered relation `rdap-active`.
    pub const RDAP_ACTIVE: Rel = Rel::registered(97);
    /// The registered relation `rdap-bottom`.
    pub const RDAP_BOTTOM: Rel = Rel::registered(98);
    /// The registered relation `rdap-down`.
    pub const RDAP_DOWN: Rel = Rel::registered(99);
    /// The registered relation `rdap-top`.
    pub const RDAP_TOP: Rel = Rel::registered(100);
    /// The registered relation `rdap-up`.
    pub const RDAP_UP: Rel = Rel::registered(101);
    /// The registered relation `related`.
    pub const RELATED: Rel = Rel::registered(102);
    /// The registered relation `replies`.
    pub const REPLIES: Rel = Rel::registered(103);
    /// The registered relation `restconf`.
    pub const RESTCONF: Rel = Rel::registered(104);
    /// The registered relation `ruleinput`.
    pub const RULEINPUT: Rel = Rel::registered(105);
    /// The registered relation `search`.
    pub const SEARCH: Rel = Rel::registered(106);
    /// The registered relation `section`.
    pub const SECTION: Rel = Rel::registered(107);
    /// The registered relation `self`.
    pub const SELF: Rel = Rel::registered(108);
    /// The registered relation `service`.
    pub const SERVICE: Rel = Rel::registered(109);
    /// The registered relation `service-desc`.
    pub const SERVICE_DESC: Rel = Rel::registered(110);
    /// The registered relation `service-doc`.
    pub const SERVICE_DOC: Rel = Rel::registered(111);
    /// The registered relation `service-meta`.
    pub const SERVICE_META: Rel = Rel::registered(112);
    /// The registered relation `sip-trunking-capability`.
    pub const SIP_TRUNKING_CAPABILITY: Rel = Rel::registered(113);
    /// The registered relation `sponsored`.
    pub const SPONSORED: Rel = Rel::registered(114);
    /// The registered relation `start`.
    pub const START: Rel = Rel::registered(115);
    /// The registered relation `status`.
    pub const STATUS: Rel = Rel::registered(116);
    /// The registered relation `stylesheet`.
    pub const STYLESHEET: Rel = Rel::registered(117);
    /// The registered relation `subsection`.
    pub const SUBSECTION: Rel = Rel::registered(118);
    /// The registered relation `successor-version`.
    pub const SUCCESSOR_VERSION: Rel = Rel::registered(119);
    /// The registered relation `sunset`.
    pub const SUNSET: Rel = Rel::registered(120);
    /// The registered relation `tag`.
    pub const TAG: Rel = Rel::registered(121);
    /// The registered relation `terms-of-service`.
    pub const TERMS_OF_SERVICE: Rel = Rel::registered(122);
    /// The registered relation `timegate`.
    pub const TIMEGATE: Rel = Rel::registered(123);
    /// The registered relation `timemap`.
    pub const TIMEMAP: Rel = Rel::registered(124);
    /// The registered relation `type`.
    pub const TYPE: Rel = Rel::registered(125);
    /// The registered relation `ugc`.
    pub const UGC: Rel = Rel::registered(126);
    /// The registered relation `up`.
    pub const UP: Rel = Rel::registered(127);
    /// The registered relation `version-history`.
    pub const VERSION_HISTORY: Rel = Rel::registered(128);
    /// The registered relation `via`.
    pub const VIA: Rel = Rel::registered(129);
    /// The registered relation `webmention`.
    pub const WEBMENTION: Rel = Rel::registered(130);
    /// The registered relation `working-copy`.
    pub const WORKING_COPY: Rel = Rel::registered(131);
    /// The registered relation `working-copy-of`.
    pub const WORKING_COPY_OF: Rel = Rel::registered(132);
}
