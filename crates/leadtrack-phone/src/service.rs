//! The device's phone-registration setting (on/off and the one address to listen on, kept in
//! the store's `settings`) and the server it implies: started at launch when on, restarted
//! when the address changes, stopped when turned off.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use leadtrack_domain::{FieldError, ValidationErrors};
use leadtrack_store::Store;
use serde::{Deserialize, Serialize};

use crate::{Error, Options, PhoneServer};

/// The port tried first, so a booth's firewall rule can name it; if it is taken the OS picks
/// one (the QR code carries the port either way).
pub const DEFAULT_PORT: u16 = 8740;

const KEY: &str = "phone_registration";

/// Off by default, and off again if the stored value cannot be read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub enabled: bool,
    pub address: Option<IpAddr>,
}

impl Settings {
    pub fn load(store: &Store) -> leadtrack_store::Result<Settings> {
        Ok(store.setting(KEY)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }

    /// Checks and saves: turning it on needs one interface's address (not 0.0.0.0, not multicast).
    pub fn save(&self, store: &Store) -> leadtrack_store::Result<()> {
        let problem = match self.address {
            Some(ip) if ip.is_unspecified() || ip.is_multicast() => {
                Some(("invalid_address", "Pick the address of one network interface."))
            }
            None if self.enabled => Some(("address_required", "Pick the network interface phones will reach.")),
            _ => None,
        };
        if let Some((code, message)) = problem {
            return Err(ValidationErrors { fields: vec![FieldError::new("address", code, message)] }.into());
        }
        store.set_setting(KEY, &serde_json::to_string(self)?)
    }
}

/// A network interface's address a phone on the same network could reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub ip: IpAddr,
}

/// This machine's interface addresses, IPv4 first. Loopback only when there is nothing else
/// (a phone cannot reach it, but a laptop with no network can still be set up and tested).
pub fn interfaces() -> Vec<Interface> {
    let mut all: Vec<(bool, Interface)> = match if_addrs::get_if_addrs() {
        Ok(list) => list
            .into_iter()
            .map(|i| (i.is_loopback(), Interface { ip: i.ip(), name: i.name }))
            .filter(|(_, i)| !i.ip.is_unspecified() && !i.ip.is_multicast())
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot list network interfaces");
            Vec::new()
        }
    };
    if all.iter().any(|(loopback, _)| !loopback) {
        all.retain(|(loopback, _)| !loopback);
    }
    let mut out: Vec<Interface> = all.into_iter().map(|(_, i)| i).collect();
    out.sort_by(|a, b| (a.ip.is_ipv6(), &a.name, a.ip).cmp(&(b.ip.is_ipv6(), &b.name, b.ip)));
    out.dedup();
    out
}

/// What the settings screen shows about the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub settings: Settings,
    /// Where it listens, when it does.
    pub listening: Option<SocketAddr>,
    /// Why it does not although it is on (the address is gone, say).
    pub error: Option<String>,
}

/// The phone server as the app runs it, one per device.
pub struct PhoneService {
    store: Arc<Store>,
    port: u16,
    options: Options,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    server: Option<PhoneServer>,
    error: Option<String>,
}

impl PhoneService {
    /// Not started: call [`PhoneService::start_from_settings`] at launch.
    pub fn new(store: Arc<Store>, port: u16) -> PhoneService {
        PhoneService::with_options(store, port, Options::default())
    }

    pub fn with_options(store: Arc<Store>, port: u16, options: Options) -> PhoneService {
        PhoneService { store, port, options, inner: Mutex::new(Inner::default()) }
    }

    /// Starts the server if the stored setting says so. A server that cannot start (its
    /// address is gone) is not an error here: [`PhoneService::status`] says why.
    pub fn start_from_settings(&self) -> leadtrack_store::Result<Status> {
        let settings = Settings::load(&self.store)?;
        self.apply(&settings);
        Ok(self.status_with(settings))
    }

    /// Saves new settings and (re)starts or stops the server to match.
    pub fn set(&self, settings: Settings) -> leadtrack_store::Result<Status> {
        settings.save(&self.store)?;
        self.apply(&settings);
        Ok(self.status_with(settings))
    }

    pub fn status(&self) -> leadtrack_store::Result<Status> {
        Ok(self.status_with(Settings::load(&self.store)?))
    }

    /// A fresh one-time link for the kiosk's QR code, or `None` when the server is not running.
    pub fn link(&self) -> Option<String> {
        let inner = self.lock();
        let server = inner.server.as_ref()?;
        match server.link() {
            Ok(link) => Some(link),
            Err(e) => {
                tracing::error!(error = %e, "no phone link");
                None
            }
        }
    }

    fn apply(&self, settings: &Settings) {
        let mut inner = self.lock();
        let wanted = settings.address.filter(|_| settings.enabled);
        if let (Some(ip), Some(server)) = (wanted, &inner.server) {
            if server.addr().ip() == ip {
                return; // already there: keep its outstanding links working
            }
        }
        inner.server = None; // stops the old one before the new one binds
        inner.error = None;
        let Some(ip) = wanted else { return };
        let start = |port| PhoneServer::start_with(self.store.clone(), SocketAddr::new(ip, port), self.options.clone());
        let started = match start(self.port) {
            Err(Error::Bind { source, .. }) if source.kind() == std::io::ErrorKind::AddrInUse && self.port != 0 => {
                start(0)
            }
            other => other,
        };
        match started {
            Ok(server) => inner.server = Some(server),
            Err(e) => {
                tracing::warn!(error = %e, "phone registration is on but its server did not start");
                inner.error = Some(e.to_string());
            }
        }
    }

    fn status_with(&self, settings: Settings) -> Status {
        let inner = self.lock();
        Status { settings, listening: inner.server.as_ref().map(PhoneServer::addr), error: inner.error.clone() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Arc<Store>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path()).unwrap());
        (dir, store)
    }

    #[test]
    fn phone_registration_is_off_until_turned_on_with_an_address() {
        let (_dir, store) = store();
        assert_eq!(Settings::load(&store).unwrap(), Settings { enabled: false, address: None });
        let on_without_address = Settings { enabled: true, address: None }.save(&store).unwrap_err();
        assert!(
            matches!(&on_without_address, leadtrack_store::Error::Invalid(v) if v.fields[0].code == "address_required")
        );
        let everywhere = Settings { enabled: true, address: Some("0.0.0.0".parse().unwrap()) }.save(&store);
        assert!(
            matches!(&everywhere, Err(leadtrack_store::Error::Invalid(v)) if v.fields[0].code == "invalid_address")
        );
        let on = Settings { enabled: true, address: Some("192.168.1.20".parse().unwrap()) };
        on.save(&store).unwrap();
        assert_eq!(Settings::load(&store).unwrap(), on);
    }

    #[test]
    fn the_service_starts_restarts_and_stops_with_the_setting() {
        let (_dir, store) = store();
        let service = PhoneService::new(store.clone(), 0);
        assert_eq!(service.start_from_settings().unwrap().listening, None, "off by default");
        assert_eq!(service.link(), None);

        let loopback = Settings { enabled: true, address: Some("127.0.0.1".parse().unwrap()) };
        let status = service.set(loopback.clone()).unwrap();
        let addr = status.listening.expect("listening");
        assert_eq!(addr.ip(), loopback.address.unwrap());
        let link = service.link().unwrap();
        assert!(link.starts_with(&format!("http://{addr}/r/")), "{link}");
        assert_eq!(service.set(loopback).unwrap().listening, Some(addr), "same address: same server");

        // A restart of the app picks the setting up again.
        let again = PhoneService::new(store.clone(), 0);
        assert!(again.start_from_settings().unwrap().listening.is_some());
        drop(again);

        let other = Settings { enabled: true, address: Some("127.0.0.2".parse().unwrap()) };
        let moved = service.set(other).unwrap().listening.expect("moved");
        assert_eq!(moved.ip().to_string(), "127.0.0.2");
        assert!(std::net::TcpStream::connect(addr).is_err(), "the old address is closed");

        let off = service.set(Settings { enabled: false, address: Some("127.0.0.2".parse().unwrap()) }).unwrap();
        assert_eq!((off.listening, service.link()), (None, None));
        assert!(std::net::TcpStream::connect(moved).is_err());
    }

    #[test]
    fn an_address_this_machine_does_not_have_is_reported_not_fatal() {
        let (_dir, store) = store();
        let service = PhoneService::new(store, 0);
        // In TEST-NET-3 (RFC 5737): not an address of this machine.
        let status = service.set(Settings { enabled: true, address: Some("203.0.113.77".parse().unwrap()) }).unwrap();
        assert_eq!(status.listening, None);
        assert!(status.error.unwrap().contains("203.0.113.77"));
    }

    #[test]
    fn the_interface_list_offers_addresses_a_phone_could_reach() {
        let list = interfaces();
        assert!(list.iter().all(|i| !i.ip.is_unspecified()));
        if list.iter().any(|i| !i.ip.is_loopback()) {
            assert!(list.iter().all(|i| !i.ip.is_loopback()), "{list:?}");
        }
    }
}
