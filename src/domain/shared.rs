//! A value many others hold alike, shared instead of copied: the occurrences of a series
//! share their title, description and attendees (a year's audit read 15,000 occurrences
//! of a few hundred texts, and copying those texts into each was a third of its work).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A value shared by a count of its holders: a clone is one more holder, not a copy.
/// It reads as the value it holds (`Deref`); changing it through one holder copies it
/// first when others hold it too (`Arc::make_mut`), so no holder sees another's change.
/// Compared, hashed, ordered and printed as the value (so `to_string` formats it: where
/// that counts, `String::clone(&shared)` copies it).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    /// Shares `value`.
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }

    /// Whether `a` and `b` hold the very same value (one made and shared, not two equal
    /// ones): a cheap test that implies equality.
    pub fn same(a: &Shared<T>, b: &Shared<T>) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// Where the value is, which tells shared values apart as [`Shared::same`] does.
    pub fn address(this: &Shared<T>) -> usize {
        Arc::as_ptr(&this.0) as usize
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    /// The value to change: this holder's own, copied first if others hold it.
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Shared<T> {
        Shared::new(value)
    }
}

impl From<&str> for Shared<String> {
    fn from(text: &str) -> Shared<String> {
        Shared::new(text.to_string())
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl AsRef<str> for Shared<String> {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl std::borrow::Borrow<str> for Shared<String> {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq<str> for Shared<String> {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Shared<String> {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for Shared<String> {
    fn eq(&self, other: &String) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<Shared<String>> for str {
    fn eq(&self, other: &Shared<String>) -> bool {
        self == other.0.as_str()
    }
}

impl PartialEq<Shared<String>> for &str {
    fn eq(&self, other: &Shared<String>) -> bool {
        *self == other.0.as_str()
    }
}

impl PartialEq<Shared<String>> for String {
    fn eq(&self, other: &Shared<String>) -> bool {
        *self == *other.0
    }
}

impl<T: PartialEq<U>, U> PartialEq<Vec<U>> for Shared<Vec<T>> {
    fn eq(&self, other: &Vec<U>) -> bool {
        self.0.as_slice() == other.as_slice()
    }
}

impl<T: PartialEq<U>, U> PartialEq<[U]> for Shared<Vec<T>> {
    fn eq(&self, other: &[U]) -> bool {
        self.0.as_slice() == other
    }
}

impl<T: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for Shared<Vec<T>> {
    fn eq(&self, other: &[U; N]) -> bool {
        self.0.as_slice() == other.as_slice()
    }
}

impl<T: serde::Serialize> serde::Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'a, T> IntoIterator for &'a Shared<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> FromIterator<T> for Shared<Vec<T>> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Shared<Vec<T>> {
        Shared::new(items.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_is_the_same_value_and_a_change_is_its_holders_alone() {
        let a: Shared<String> = "Standup".into();
        let mut b = a.clone();
        assert!(Shared::same(&a, &b));
        assert_eq!(Shared::address(&a), Shared::address(&b));
        b.push_str(" (moved)");
        assert_eq!(a, "Standup");
        assert_eq!(b, "Standup (moved)");
        assert!(!Shared::same(&a, &b));
        // Held by one, it is changed in place.
        let before = Shared::address(&b);
        b.push('!');
        assert_eq!(Shared::address(&b), before);
    }

    #[test]
    fn it_compares_hashes_orders_and_prints_as_its_value() {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};
        let hash = |v: &dyn Fn(&mut DefaultHasher)| {
            let mut h = DefaultHasher::new();
            v(&mut h);
            h.finish()
        };
        let a: Shared<String> = "a".into();
        let b: Shared<String> = Shared::new("a".to_string());
        assert!(!Shared::same(&a, &b));
        assert_eq!(a, b, "two equal values are equal, shared or not");
        assert_eq!(hash(&|h| a.hash(h)), hash(&|h| "a".to_string().hash(h)));
        let later: Shared<String> = "b".into();
        assert!(a < later);
        assert_eq!(format!("{a} {a:?}"), "a \"a\"");
        assert_eq!(String::clone(&a), "a");
        let list: Shared<Vec<String>> = vec!["x".to_string()].into();
        assert_eq!(list, ["x"]);
        assert_eq!(list, vec!["x"]);
        assert_eq!(format!("{list:?}"), "[\"x\"]");
        assert_eq!((&list).into_iter().count(), 1);
    }
}
