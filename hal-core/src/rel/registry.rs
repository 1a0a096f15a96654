//! The IANA Link Relation Types registry (RFC 8288 §2.1.1), names only, from one list: the
//! macro makes the sorted name table, the constants and their indices, so they cannot drift.
//!
//! A unit test (`rel/tests.rs`) compares every constant with `tests/data/iana-link-relations.txt`.

use super::Rel;

macro_rules! registry {
    ($($constant:ident = $name:literal,)*) => {
        /// Registered names in lower case, sorted by byte value for binary search.
        pub(super) const NAMES: [&str; [$($name),*].len()] = [$($name),*];

        impl Rel {
            $(
                #[doc = concat!("The registered relation `", $name, "`.")]
                pub const $constant: Rel = Rel::registered(index_of($name));
            )*
        }

        /// Every constant with the name of its constant, for the test against the registry file.
        #[cfg(test)]
        pub(super) const CONSTANTS: &[(&str, Rel)] = &[$((stringify!($constant), Rel::$constant)),*];
    };
}

/// Whether `a` sorts strictly before `b` by bytes.
const fn before(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

// The binary search in `registry_index` needs the table sorted; checked at compile time.
const _: () = {
    let mut i = 1;
    while i < NAMES.len() {
        assert!(
            before(NAMES[i - 1], NAMES[i]),
            "registry names must be sorted"
        );
        i += 1;
    }
    assert!(NAMES.len() <= u8::MAX as usize, "indices are `u8`");
};

/// The index of `name` in the table, at compile time (a name missing from the table is an
/// out-of-bounds index, which fails the build).
const fn index_of(name: &str) -> u8 {
    let mut i = 0;
    while i < NAMES.len() {
        if !before(NAMES[i], name) && !before(name, NAMES[i]) {
            return i as u8;
        }
        i += 1;
    }
    u8::MAX
}

registry! {
    ABOUT = "about",
    ACL = "acl",
    ALTERNATE = "alternate",
    AMPHTML = "amphtml",
    API_CATALOG = "api-catalog",
    APPENDIX = "appendix",
    APPLE_TOUCH_ICON = "apple-touch-icon",
    APPLE_TOUCH_STARTUP_IMAGE = "apple-touch-startup-image",
    ARCHIVES = "archives",
    AUTHOR = "author",
    BLOCKED_BY = "blocked-by",
    BOOKMARK = "bookmark",
    C2PA_MANIFEST = "c2pa-manifest",
    CANONICAL = "canonical",
    CHAPTER = "chapter",
    CITE_AS = "cite-as",
    COLLECTION = "collection",
    COMPRESSION_DICTIONARY = "compression-dictionary",
    CONTENTS = "contents",
    CONVERTEDFROM = "convertedfrom",
    COPYRIGHT = "copyright",
    CREATE_FORM = "create-form",
    CURRENT = "current",
    DEPRECATION = "deprecation",
    DESCRIBEDBY = "describedby",
    DESCRIBES = "describes",
    DISCLOSURE = "disclosure",
    DNS_PREFETCH = "dns-prefetch",
    DUPLICATE = "duplicate",
    EDIT = "edit",
    EDIT_FORM = "edit-form",
    EDIT_MEDIA = "edit-media",
    ENCLOSURE = "enclosure",
    EXTERNAL = "external",
    FIRST = "first",
    GEOFEED = "geofeed",
    GLOSSARY = "glossary",
    HELP = "help",
    HOSTS = "hosts",
    HUB = "hub",
    ICE_SERVER = "ice-server",
    ICON = "icon",
    INDEX = "index",
    INTERVALAFTER = "intervalafter",
    INTERVALBEFORE = "intervalbefore",
    INTERVALCONTAINS = "intervalcontains",
    INTERVALDISJOINT = "intervaldisjoint",
    INTERVALDURING = "intervalduring",
    INTERVALEQUALS = "intervalequals",
    INTERVALFINISHEDBY = "intervalfinishedby",
    INTERVALFINISHES = "intervalfinishes",
    INTERVALIN = "intervalin",
    INTERVALMEETS = "intervalmeets",
    INTERVALMETBY = "intervalmetby",
    INTERVALOVERLAPPEDBY = "intervaloverlappedby",
    INTERVALOVERLAPS = "intervaloverlaps",
    INTERVALSTARTEDBY = "intervalstartedby",
    INTERVALSTARTS = "intervalstarts",
    ITEM = "item",
    LAST = "last",
    LATEST_VERSION = "latest-version",
    LICENSE = "license",
    LINKSET = "linkset",
    LRDD = "lrdd",
    MANIFEST = "manifest",
    MASK_ICON = "mask-icon",
    ME = "me",
    MEDIA_FEED = "media-feed",
    MEMENTO = "memento",
    MICROPUB = "micropub",
    MODULEPRELOAD = "modulepreload",
    MONITOR = "monitor",
    MONITOR_GROUP = "monitor-group",
    NEXT = "next",
    NEXT_ARCHIVE = "next-archive",
    NOFOLLOW = "nofollow",
    NOOPENER = "noopener",
    NOREFERRER = "noreferrer",
    OPENER = "opener",
    OPENID2_LOCAL_ID = "openid2.local_id",
    OPENID2_PROVIDER = "openid2.provider",
    ORIGINAL = "original",
    P3PV1 = "p3pv1",
    PAYMENT = "payment",
    PINGBACK = "pingback",
    PRECONNECT = "preconnect",
    PREDECESSOR_VERSION = "predecessor-version",
    PREFETCH = "prefetch",
    PRELOAD = "preload",
    PRERENDER = "prerender",
    PREV = "prev",
    PREV_ARCHIVE = "prev-archive",
    PREVIEW = "preview",
    PREVIOUS = "previous",
    PRIVACY_POLICY = "privacy-policy",
    PROFILE = "profile",
    PUBLICATION = "publication",
    RDAP_ACTIVE = "rdap-active",
    RDAP_BOTTOM = "rdap-bottom",
    RDAP_DOWN = "rdap-down",
    RDAP_TOP = "rdap-top",
    RDAP_UP = "rdap-up",
    RELATED = "related",
    REPLIES = "replies",
    RESTCONF = "restconf",
    RULEINPUT = "ruleinput",
    SEARCH = "search",
    SECTION = "section",
    SELF = "self",
    SERVICE = "service",
    SERVICE_DESC = "service-desc",
    SERVICE_DOC = "service-doc",
    SERVICE_META = "service-meta",
    SIP_TRUNKING_CAPABILITY = "sip-trunking-capability",
    SPONSORED = "sponsored",
    START = "start",
    STATUS = "status",
    STYLESHEET = "stylesheet",
    SUBSECTION = "subsection",
    SUCCESSOR_VERSION = "successor-version",
    SUNSET = "sunset",
    TAG = "tag",
    TERMS_OF_SERVICE = "terms-of-service",
    TIMEGATE = "timegate",
    TIMEMAP = "timemap",
    TYPE = "type",
    UGC = "ugc",
    UP = "up",
    VERSION_HISTORY = "version-history",
    VIA = "via",
    WEBMENTION = "webmention",
    WORKING_COPY = "working-copy",
    WORKING_COPY_OF = "working-copy-of",
}
