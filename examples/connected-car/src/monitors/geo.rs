//! Zones on the Earth: circles by great-circle distance, polygons by their edges, both safe
//! across the antimeridian.

/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6_371.008_8;

/// A position, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// East of Greenwich, -180 to 180.
    pub longitude: f64,
    /// North of the equator, -90 to 90.
    pub latitude: f64,
}

impl Point {
    /// Degrees east, from and to.
    pub const LONGITUDE: (f64, f64) = (-180.0, 180.0);
    /// Degrees north, from and to.
    pub const LATITUDE: (f64, f64) = (-90.0, 90.0);

    /// Whether both coordinates are in range (so finite).
    #[must_use]
    pub fn is_valid(self) -> bool {
        let within = |value: f64, (min, max): (f64, f64)| (min..=max).contains(&value);
        within(self.longitude, Self::LONGITUDE) && within(self.latitude, Self::LATITUDE)
    }
}

/// Great-circle distance by the haversine formula, in kilometres.
#[must_use]
pub fn distance_km(a: Point, b: Point) -> f64 {
    let (lat_a, lat_b) = (a.latitude.to_radians(), b.latitude.to_radians());
    let d_lat = lat_b - lat_a;
    let d_lon = (b.longitude - a.longitude).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat_a.cos() * lat_b.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The initial great-circle bearing from `from` to `to`, in whole degrees clockwise from north
/// (0 to 359); `None` when the two are less than a metre apart, where no course shows.
#[must_use]
pub fn heading_degrees(from: Point, to: Point) -> Option<f64> {
    if distance_km(from, to) < 0.001 {
        return None;
    }
    let (lat_a, lat_b) = (from.latitude.to_radians(), to.latitude.to_radians());
    let d_lon = (to.longitude - from.longitude).to_radians();
    let y = d_lon.sin() * lat_b.cos();
    let x = lat_a.cos() * lat_b.sin() - lat_a.sin() * lat_b.cos() * d_lon.cos();
    Some(y.atan2(x).to_degrees().rem_euclid(360.0).round() % 360.0)
}

/// A zone a monitor watches.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    /// Within `radius_km` of `center`.
    Circle(Circle),
    /// Inside a closed ring of points.
    Polygon(Polygon),
}

impl Zone {
    /// Whether `point` is inside the zone (on the boundary counts as inside for circles).
    #[must_use]
    pub fn contains(&self, point: Point) -> bool {
        match self {
            Zone::Circle(circle) => circle.contains(point),
            Zone::Polygon(polygon) => polygon.contains(point),
        }
    }

    /// A box around the zone: south-west and north-east corners, the east longitude possibly
    /// past 180° for a zone across the antimeridian; `None` when no box bounds it (a circle
    /// reaching a pole).
    #[must_use]
    pub fn bounds(&self) -> Option<(Point, Point)> {
        match self {
            Zone::Circle(circle) => circle.lon_span.map(|lon_span| {
                (
                    Point {
                        longitude: circle.center.longitude - lon_span,
                        latitude: circle.center.latitude - circle.lat_span,
                    },
                    Point {
                        longitude: circle.center.longitude + lon_span,
                        latitude: circle.center.latitude + circle.lat_span,
                    },
                )
            }),
            Zone::Polygon(polygon) => Some((polygon.min, polygon.max)),
        }
    }
}

/// A circle, with a box around it that settles most points without trigonometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    center: Point,
    radius_km: f64,
    /// Half the box's height, in degrees of latitude.
    lat_span: f64,
    /// Half its width in degrees of longitude, or `None` near a pole, where it would not bound.
    lon_span: Option<f64>,
}

impl Circle {
    /// A circle of `radius_km` (finite, at least 0) around `center`.
    #[must_use]
    pub fn new(center: Point, radius_km: f64) -> Self {
        let lat_span = (radius_km / EARTH_RADIUS_KM).to_degrees();
        // The widest point of the circle in longitude is at the latitude closest to a pole.
        let widest = center.latitude.abs() + lat_span;
        let lon_span = (widest < 89.0).then(|| lat_span / widest.to_radians().cos());
        Self {
            center,
            radius_km,
            lat_span,
            lon_span,
        }
    }

    /// Whether `point` is within the radius.
    #[must_use]
    pub fn contains(&self, point: Point) -> bool {
        if (point.latitude - self.center.latitude).abs() > self.lat_span {
            return false;
        }
        if let Some(lon_span) = self.lon_span
            && longitude_gap(point.longitude, self.center.longitude) > lon_span
        {
            return false;
        }
        distance_km(self.center, point) <= self.radius_km
    }
}

/// The smaller angle between two longitudes, in degrees (0 to 180), across the antimeridian.
fn longitude_gap(a: f64, b: f64) -> f64 {
    let gap = (a - b).abs() % 360.0;
    if gap > 180.0 { 360.0 - gap } else { gap }
}

/// A polygon's outer ring, with longitudes unwrapped around its first point so that a ring
/// crossing the antimeridian (170° to -170°) stays one piece.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    ring: Vec<Point>,
    reference: f64,
    min: Point,
    max: Point,
}

/// Why a ring cannot be a polygon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolygonError {
    /// Fewer than four positions (three corners and the closing one).
    TooFewPositions,
    /// The last position is not the first.
    NotClosed,
    /// A coordinate out of range or not finite, at this index.
    BadPosition(usize),
}

impl Polygon {
    /// A polygon from a GeoJSON linear ring: at least four positions, the last equal to the
    /// first (RFC 7946 §3.1.6).
    ///
    /// # Errors
    ///
    /// [`PolygonError`] for an open, short or out-of-range ring.
    pub fn new(ring: &[Point]) -> Result<Self, PolygonError> {
        if let Some(index) = ring.iter().position(|p| !p.is_valid()) {
            return Err(PolygonError::BadPosition(index));
        }
        let (Some(first), Some(last)) = (ring.first(), ring.last()) else {
            return Err(PolygonError::TooFewPositions);
        };
        if ring.len() < 4 {
            return Err(PolygonError::TooFewPositions);
        }
        if first != last {
            return Err(PolygonError::NotClosed);
        }
        let reference = first.longitude;
        let ring: Vec<Point> = ring
            .iter()
            .map(|p| Point {
                longitude: unwrap_longitude(p.longitude, reference),
                latitude: p.latitude,
            })
            .collect();
        let fold = |pick: fn(f64, f64) -> f64| {
            ring.iter()
                .copied()
                .reduce(|a, b| Point {
                    longitude: pick(a.longitude, b.longitude),
                    latitude: pick(a.latitude, b.latitude),
                })
                .unwrap_or(*first)
        };
        let (min, max) = (fold(f64::min), fold(f64::max));
        Ok(Self {
            ring,
            reference,
            min,
            max,
        })
    }

    /// Whether `point` is inside, by counting edge crossings of a ray going east.
    #[must_use]
    pub fn contains(&self, point: Point) -> bool {
        let x = unwrap_longitude(point.longitude, self.reference);
        let y = point.latitude;
        if x < self.min.longitude
            || x > self.max.longitude
            || y < self.min.latitude
            || y > self.max.latitude
        {
            return false;
        }
        let mut inside = false;
        for edge in self.ring.windows(2) {
            let (a, b) = (edge[0], edge[1]);
            if (a.latitude > y) != (b.latitude > y) {
                let crossing = a.longitude
                    + (y - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude);
                if x < crossing {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

/// `longitude` moved by whole turns to within 180° of `reference`.
fn unwrap_longitude(longitude: f64, reference: f64) -> f64 {
    let mut unwrapped = longitude;
    while unwrapped - reference > 180.0 {
        unwrapped -= 360.0;
    }
    while reference - unwrapped > 180.0 {
        unwrapped += 360.0;
    }
    unwrapped
}

/// A crossing of a zone's boundary between two positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// Was outside, is inside.
    Entered,
    /// Was inside, is outside.
    Left,
}

/// The crossing between being `was_inside` and being `is_inside`, if any.
#[must_use]
pub fn crossing(was_inside: bool, is_inside: bool) -> Option<Crossing> {
    match (was_inside, is_inside) {
        (false, true) => Some(Crossing::Entered),
        (true, false) => Some(Crossing::Left),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn headings_point_the_way() {
        let paris = Point {
            longitude: 2.35,
            latitude: 48.85,
        };
        let towards = |longitude: f64, latitude: f64| {
            heading_degrees(
                paris,
                Point {
                    longitude: paris.longitude + longitude,
                    latitude: paris.latitude + latitude,
                },
            )
        };
        assert_eq!(towards(0.0, 0.1), Some(0.0), "north");
        assert_eq!(
            towards(0.1, 0.0),
            Some(90.0),
            "east (nearly: a great circle)"
        );
        assert_eq!(towards(0.0, -0.1), Some(180.0), "south");
        assert_eq!(towards(-0.1, 0.0), Some(270.0), "west");
        assert_eq!(towards(0.0, 0.0), None, "still");
    }

    use super::*;
    use proptest::prelude::*;

    fn p(longitude: f64, latitude: f64) -> Point {
        Point {
            longitude,
            latitude,
        }
    }

    const PARIS: Point = Point {
        longitude: 2.3522,
        latitude: 48.8566,
    };
    const LYON: Point = Point {
        longitude: 4.8357,
        latitude: 45.7640,
    };

    #[test]
    fn haversine_matches_known_distances() {
        // Paris to Lyon: 391.5 km along the great circle.
        assert!(
            (distance_km(PARIS, LYON) - 391.5).abs() < 1.0,
            "{}",
            distance_km(PARIS, LYON)
        );
        // A quarter of the equator.
        let quarter = distance_km(p(0.0, 0.0), p(90.0, 0.0));
        assert!((quarter - 10_007.5).abs() < 1.0, "{quarter}");
        assert_eq!(distance_km(PARIS, PARIS), 0.0);
        // Antipodes: half the circumference, no NaN from rounding.
        let half = distance_km(p(0.0, 0.0), p(180.0, 0.0));
        assert!((half - 20_015.1).abs() < 1.0, "{half}");
    }

    #[test]
    fn circles_across_the_antimeridian_and_near_poles() {
        let fiji = Circle::new(p(179.9, -17.0), 30.0);
        assert!(
            fiji.contains(p(-179.9, -17.0)),
            "22 km away, across the antimeridian"
        );
        assert!(!fiji.contains(p(-179.0, -17.0)));
        let pole = Circle::new(p(0.0, 89.9), 50.0);
        assert!(pole.contains(p(180.0, 89.9)), "22 km away over the pole");
        let paris = Circle::new(PARIS, 10.0);
        assert!(paris.contains(p(2.40, 48.86)));
        assert!(!paris.contains(LYON));
    }

    #[test]
    fn polygons_including_one_across_the_antimeridian() {
        let square = [
            p(0.0, 0.0),
            p(10.0, 0.0),
            p(10.0, 10.0),
            p(0.0, 10.0),
            p(0.0, 0.0),
        ];
        let square = Polygon::new(&square).unwrap();
        assert!(square.contains(p(5.0, 5.0)));
        assert!(!square.contains(p(15.0, 5.0)));
        assert!(!square.contains(p(-5.0, 5.0)));
        let across = [
            p(170.0, -10.0),
            p(-170.0, -10.0),
            p(-170.0, 10.0),
            p(170.0, 10.0),
            p(170.0, -10.0),
        ];
        let across = Polygon::new(&across).unwrap();
        assert!(across.contains(p(179.0, 0.0)));
        assert!(across.contains(p(-179.0, 0.0)));
        assert!(!across.contains(p(0.0, 0.0)));
        assert!(!across.contains(p(160.0, 0.0)));
    }

    #[test]
    fn bad_rings_are_refused() {
        let open = [p(0.0, 0.0), p(1.0, 0.0), p(1.0, 1.0), p(0.0, 1.0)];
        assert_eq!(Polygon::new(&open), Err(PolygonError::NotClosed));
        assert_eq!(
            Polygon::new(&[p(0.0, 0.0), p(1.0, 1.0), p(0.0, 0.0)]),
            Err(PolygonError::TooFewPositions)
        );
        assert_eq!(Polygon::new(&[]), Err(PolygonError::TooFewPositions));
        let bad = [p(0.0, 0.0), p(1.0, 91.0), p(1.0, 1.0), p(0.0, 0.0)];
        assert_eq!(Polygon::new(&bad), Err(PolygonError::BadPosition(1)));
    }

    #[test]
    fn bounds_enclose_the_zone() {
        let circle = Zone::Circle(Circle::new(PARIS, 10.0));
        let (min, max) = circle.bounds().unwrap();
        assert!(
            min.longitude < 2.3522 - 0.13 && max.longitude > 2.3522 + 0.13,
            "{min:?} {max:?}"
        );
        assert!((max.latitude - 48.8566 - 0.0899).abs() < 0.001, "{max:?}");
        assert_eq!(Zone::Circle(Circle::new(p(0.0, 89.9), 50.0)).bounds(), None);
        let across = [
            p(170.0, -10.0),
            p(-170.0, -10.0),
            p(-170.0, 10.0),
            p(170.0, 10.0),
            p(170.0, -10.0),
        ];
        let (min, max) = Zone::Polygon(Polygon::new(&across).unwrap())
            .bounds()
            .unwrap();
        assert_eq!((min.longitude, max.longitude), (170.0, 190.0));
    }

    #[test]
    fn crossings_are_edges_not_states() {
        assert_eq!(crossing(false, true), Some(Crossing::Entered));
        assert_eq!(crossing(true, false), Some(Crossing::Left));
        assert_eq!(crossing(true, true), None);
        assert_eq!(crossing(false, false), None);
    }

    proptest! {
        #[test]
        fn prop_the_box_never_decides_against_the_distance(
            lon in -180.0f64..180.0, lat in -85.0f64..85.0, radius in 0.1f64..500.0,
            dlon in -6.0f64..6.0, dlat in -6.0f64..6.0,
        ) {
            let center = p(lon, lat);
            let mut other = p(lon + dlon, (lat + dlat).clamp(-90.0, 90.0));
            if other.longitude > 180.0 { other.longitude -= 360.0; }
            if other.longitude < -180.0 { other.longitude += 360.0; }
            let circle = Circle::new(center, radius);
            prop_assert_eq!(
                circle.contains(other),
                distance_km(center, other) <= radius,
                "center {:?}, point {:?}, distance {}", center, other, distance_km(center, other)
            );
        }

        #[test]
        fn prop_shifting_a_polygon_by_a_turn_changes_nothing(
            lon in -170.0f64..170.0, lat in -60.0f64..60.0, size in 0.5f64..8.0,
            x in -1.0f64..1.0, y in -1.0f64..1.0,
        ) {
            let ring = [p(lon, lat), p(lon + size, lat), p(lon + size, lat + size), p(lon, lat + size), p(lon, lat)];
            let polygon = Polygon::new(&ring).unwrap();
            let inside = p(lon + size * (0.5 + x * 0.49), lat + size * (0.5 + y * 0.49));
            prop_assert!(polygon.contains(inside), "{:?} should be inside", inside);
            let far = p(if lon > 0.0 { lon - 90.0 } else { lon + 90.0 }, lat);
            prop_assert!(!polygon.contains(far));
        }
    }
}
