//! Field names as badge systems spell them, for the formats that carry names with their values
//! (JSON, key:value lists, URL query strings).
//!
//! Keys are compared after dropping case and everything but letters and digits, so `firstName`,
//! `first_name`, `First Name` and `FIRST-NAME` are one key. The position of a spelling in its
//! list is its rank: when a payload has both `email` and `mail`, `email` wins whatever the order
//! of keys in the payload.

use crate::contact::Slot;

const TABLE: &[(Slot, &[&str])] = &[
    (Slot::Name, &["name", "fullname", "displayname", "attendeename", "contactname", "fn"]),
    (Slot::FirstName, &["firstname", "fname", "givenname", "first", "forename", "vorname", "prenom", "nombre"]),
    (Slot::LastName, &["lastname", "lname", "surname", "familyname", "last", "nachname", "nom", "apellido"]),
    (
        Slot::Company,
        &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "org",
            "organizationname",
            "employer",
            "firma",
            "empresa",
            "affiliation",
        ],
    ),
    (Slot::Title, &["jobtitle", "title", "position", "role", "job", "designation", "function"]),
    (Slot::Email, &["email", "emailaddress", "mail", "email1", "workemail", "businessemail"]),
    (
        Slot::Phone,
        &[
            "phone",
            "phonenumber",
            "tel",
            "telephone",
            "mobile",
            "mobilephone",
            "cell",
            "cellphone",
            "workphone",
            "businessphone",
        ],
    ),
    (Slot::Country, &["country", "countryname", "countrycode", "land", "pais"]),
    (Slot::Address, &["address", "streetaddress", "street", "address1", "addressline1", "addr"]),
    (Slot::City, &["city", "town", "locality", "ort", "ciudad"]),
    (Slot::State, &["state", "region", "province", "county", "stateprovince"]),
    (Slot::Zip, &["zip", "zipcode", "postcode", "postalcode", "plz"]),
    (Slot::Website, &["website", "url", "web", "homepage", "site", "www"]),
    (
        Slot::Id,
        &[
            "attendeeid",
            "badgeid",
            "registrationid",
            "regid",
            "registrationnumber",
            "badgenumber",
            "participantid",
            "registrantid",
            "visitorid",
            "personid",
            "memberid",
            "scanid",
            "ticketid",
            "ticketnumber",
            "confirmationnumber",
            "confirmationcode",
            "confirmation",
            "conf",
            "refid",
            "reference",
            "ref",
            "uid",
            "id",
            "badge",
            "attendee",
            "ticket",
            "barcode",
            "code",
            "token",
        ],
    ),
];

/// Keys whose object value holds the contact (`{"attendee": {...}}`) and is worth descending into.
const CONTAINERS: &[&str] = &[
    "contact",
    "attendee",
    "person",
    "visitor",
    "user",
    "profile",
    "data",
    "badge",
    "participant",
    "registrant",
    "lead",
    "details",
    "info",
    "payload",
    "result",
    "name",
    "address",
];

fn normalise(key: &str) -> String {
    key.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The slot a key names and its rank (lower is preferred), or `None` for keys we do not use.
pub(crate) fn slot_for_key(key: &str) -> Option<(Slot, u16)> {
    if key.len() > 64 {
        return None;
    }
    let key = normalise(key);
    TABLE.iter().find_map(|(slot, names)| {
        names.iter().position(|n| *n == key).map(|i| (*slot, u16::try_from(i).unwrap_or(u16::MAX)))
    })
}

pub(crate) fn is_container(key: &str) -> bool {
    key.len() <= 64 && CONTAINERS.contains(&normalise(key).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_key_map_to_one_slot() {
        for key in ["firstName", "first_name", "First Name", "FNAME", "given-name"] {
            assert_eq!(slot_for_key(key).map(|(s, _)| s), Some(Slot::FirstName), "{key}");
        }
        for key in ["badgeId", "attendee_id", "regId", "RegID", "id", "uid"] {
            assert_eq!(slot_for_key(key).map(|(s, _)| s), Some(Slot::Id), "{key}");
        }
        assert_eq!(slot_for_key("language"), None);
    }

    #[test]
    fn a_specific_id_key_outranks_a_generic_one() {
        let rank = |k| slot_for_key(k).map(|(_, r)| r);
        assert!(rank("attendee_id") < rank("id"));
        assert!(rank("email") < rank("mail"));
    }
}
