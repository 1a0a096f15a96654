use serde_json::{Value, json};

use super::*;

fn sample(value: Value) -> Sample {
    serde_json::from_value(value).unwrap()
}

#[test]
fn the_issue_example_reads_and_applies() {
    let s = sample(
        json!({"recordedAt": "2030-03-17T10:00:00Z", "position": {"type": "Point",
        "coordinates": [2.35, 48.85]}, "kinetic": {"speed": 42.0}, "odometer": 12345.6, "energy":
        {"electric": {"level": 80}, "fuel": {"level": 35}}, "ignition": true, "doorsState": {"opening":
        false}, "alerts": ["tyrePressureLow"], "environment": {"air": {"temp": 12.5}}}),
    );
    assert_eq!(hal_core::forms::Validate::validate(&s), Ok(()));
    let mut status = VehicleStatus::default();
    let first = status.apply(&s);
    assert_eq!(first.operands, 0, "first values are not changes");
    assert_eq!(first.values.count_ones(), 8, "but they are new values");
    assert!(first.moved);
    assert_eq!(status.speed, Some(42.0));
    assert_eq!(status.alerts, Some(vec!["tyrePressureLow".to_owned()]));
    let later = sample(
        json!({"recordedAt": "2030-03-17T10:00:10Z", "kinetic": {"speed": 50.0}, "ignition": true}),
    );
    let changes = status.apply(&later);
    assert_eq!(changes.operands, Operand::Speed.bit());
    assert_eq!(changes.values, Operand::Speed.bit(), "ignition stayed on");
    assert!(!changes.moved);
    assert_eq!(status.position, Some(GeoPoint::new(2.35, 48.85)), "kept");
}

#[test]
fn values_out_of_range_name_their_member() {
    let cases = [
        (
            json!({"recordedAt": "2030-03-17T10:00:00Z", "position": {"type": "Point", "coordinates": [200.0, 0.0]}}),
            "/position/coordinates/0",
        ),
        (
            json!({"recordedAt": "2030-03-17T10:00:00Z", "energy": {"fuel": {"level": 101}}}),
            "/energy/fuel/level",
        ),
        (
            json!({"recordedAt": "2030-03-17T10:00:00Z", "kinetic": {"speed": -1}}),
            "/kinetic/speed",
        ),
        (
            json!({"recordedAt": "2030-03-17T10:00:00Z", "engines": {"thermic": {"oil": {"temp": 400}}}}),
            "/engines/thermic/oil/temp",
        ),
        (
            json!({"recordedAt": "2030-03-17T10:00:00Z", "trip": {"id": ""}}),
            "/trip/id",
        ),
    ];
    for (value, pointer) in cases {
        let errors = hal_core::forms::Validate::validate(&sample(value)).unwrap_err();
        assert_eq!(hal_core::forms::violations(&errors)[0].pointer, pointer);
    }
    assert!(
        serde_json::from_value::<Sample>(
            json!({"position": {"type": "Point", "coordinates": [0, 0]}})
        )
        .is_err(),
        "recordedAt is required"
    );
    assert!(serde_json::from_value::<Sample>(json!({"recordedAt": "2030-03-17T10:00:00Z", "position": {"type": "Polygon", "coordinates": [0, 0]}})).is_err());
    assert!(
        serde_json::from_value::<Sample>(
            json!({"recordedAt": "2030-03-17T10:00:00Z", "privacy": {"state": "Partial"}})
        )
        .is_err(),
        "a name the origin does not have"
    );
}

#[test]
fn operands_have_names_kinds_and_bits() {
    for (index, (operand, name)) in Operand::ALL.into_iter().enumerate() {
        assert_eq!(Operand::from_name(name), Some(operand));
        assert_eq!(operand.name(), name);
        assert_eq!(operand.index(), index, "{name} is declared out of order");
        assert_eq!(operand.bit(), 1 << index);
    }
    let numeric: Vec<Operand> = Operand::ALL
        .iter()
        .map(|(operand, _)| *operand)
        .filter(|operand| operand.kind() == OperandKind::Number)
        .collect();
    assert_eq!(numeric, Operand::NUMERIC, "the numeric operands, in order");
    assert_eq!(Operand::from_name("vehicle.colour"), None);
    // Monitors stored with the service's former name still read.
    assert_eq!(
        Operand::from_name("vehicle.ignition"),
        Some(Operand::EnginesRunning)
    );
    assert_eq!(Operand::Alert.kind(), OperandKind::Names);
    assert_eq!(Operand::EnginesRunning.kind(), OperandKind::Boolean);
    assert_eq!(Operand::Speed.kind(), OperandKind::Number);
    assert_eq!(
        Operand::ChargingType.kind().describe(),
        "values among Partial, Full"
    );
}

/// Where a sample carries each operand, when that is not its name less `vehicle.`.
fn sample_path(operand: Operand) -> Vec<&'static str> {
    match operand {
        Operand::Alert => vec!["alerts"],
        Operand::EnginesRunning => vec!["ignition"],
        Operand::AirConditioning => vec!["preconditioning", "airConditioning", "status"],
        _ => {
            let name = operand.name();
            name.strip_prefix("vehicle.")
                .unwrap_or(name)
                .split('.')
                .collect()
        }
    }
}

/// A value of `operand`'s kind, as a sample carries it, and as the operand reads it.
fn value_of(operand: Operand) -> (Value, Value) {
    match operand.kind() {
        OperandKind::Number => (json!(42.0), json!(42.0)),
        OperandKind::Boolean => (json!(true), json!(true)),
        OperandKind::Choice(names) => {
            let last = names[names.len() - 1];
            (json!(last), json!(last))
        }
        OperandKind::Names => (
            json!(["LeftFrontTirePuncture"]),
            json!(["LeftFrontTirePuncture"]),
        ),
        OperandKind::Literal => (json!("t-1"), json!("t-1")),
    }
}

#[test]
fn every_operand_is_read_from_the_sample_member_its_name_gives() {
    for (operand, name) in Operand::ALL {
        let (sent, read) = value_of(operand);
        let mut body = json!({"recordedAt": "2030-03-17T10:00:00Z"});
        match operand {
            // A trip is reported whole; whether it started or stopped depends on `done`.
            Operand::Trip | Operand::TripStart => body["trip"] = json!({"id": "t-1"}),
            Operand::TripStop => body["trip"] = json!({"id": "t-1", "done": true}),
            Operand::TripDuration | Operand::TripDistance | Operand::TripState => {
                body["trip"] = json!({"id": "t-1"});
                body["trip"][sample_path(operand)[1]] = sent;
            }
            // A collision always has a side.
            Operand::CollisionSeverity => {
                body["collision"] = json!({"side": "Front", "severity": sent});
            }
            _ => {
                let path = sample_path(operand);
                let mut member = &mut body;
                for key in &path[..path.len() - 1] {
                    member = &mut member[*key];
                }
                member[path[path.len() - 1]] = sent;
            }
        }
        let sample: Sample = serde_json::from_value(body.clone())
            .unwrap_or_else(|e| panic!("{name}: {body} does not read: {e}"));
        assert_eq!(
            hal_core::forms::Validate::validate(&sample),
            Ok(()),
            "{name}"
        );
        let mut status = VehicleStatus::default();
        let changes = status.apply(&sample);
        assert_eq!(operand.json(&status), read, "{name}");
        assert_ne!(changes.values & operand.bit(), 0, "{name} is a new value");
    }
}

#[test]
fn a_trip_starts_then_stops_and_a_collision_lasts_one_sample() {
    let mut status = VehicleStatus::default();
    let at = |second: u32| format!("2030-03-17T10:00:{second:02}Z");
    status.apply(&sample(
        json!({"recordedAt": at(0), "trip": {"id": "t-1", "done": true}}),
    ));
    let started = status.apply(&sample(
        json!({"recordedAt": at(1), "trip": {"id": "t-2", "duration": 10}}),
    ));
    assert_ne!(started.operands & Operand::TripStart.bit(), 0);
    assert_eq!(started.operands & Operand::TripStop.bit(), 0);
    let stopped = status.apply(&sample(
        json!({"recordedAt": at(2), "trip": {"id": "t-2", "done": true, "duration": 600}}),
    ));
    assert_ne!(stopped.operands & Operand::TripStop.bit(), 0);
    assert_eq!(stopped.operands & Operand::TripStart.bit(), 0);
    assert_eq!(status.trip_started.as_deref(), Some("t-2"));
    assert_eq!(status.trip_stopped.as_deref(), Some("t-2"));

    let hit = status.apply(&sample(
        json!({"recordedAt": at(3), "collision": {"side": "Rear", "severity": "Minor"}}),
    ));
    assert_ne!(hit.values & Operand::CollisionSide.bit(), 0);
    assert_eq!(status.collision_side, Some(CollisionSide::Rear));
    let after = status.apply(&sample(json!({"recordedAt": at(4)})));
    assert_ne!(after.values & Operand::CollisionSide.bit(), 0, "gone");
    assert_eq!(status.collision_side, None);
    assert_eq!(status.collision_severity, None);
}

#[test]
fn a_status_stored_before_the_new_measurements_still_reads() {
    let stored = json!({"recordedAt": "2030-03-17T10:00:00.000Z", "speed": 12.0, "ignition": true});
    let status: VehicleStatus = serde_json::from_value(stored).unwrap();
    assert_eq!(status.speed, Some(12.0));
    assert_eq!(status.privacy_state, None);
}

#[test]
fn the_heading_follows_the_positions() {
    let mut status = VehicleStatus::default();
    let at = |second: u32, longitude: f64, latitude: f64| {
        sample(
            json!({"recordedAt": format!("2030-03-17T10:00:{second:02}Z"),
                      "position": {"type": "Point", "coordinates": [longitude, latitude]}}),
        )
    };
    status.apply(&at(0, 2.35, 48.85));
    assert_eq!(status.heading, None, "one position shows no course");
    status.apply(&at(1, 2.35, 48.86));
    assert_eq!(status.heading, Some(0.0), "north");
    status.apply(&at(2, 2.35, 48.86));
    assert_eq!(status.heading, Some(0.0), "kept while still");
    status.apply(&at(3, 2.34, 48.86));
    assert_eq!(status.heading, Some(270.0), "west");
}
