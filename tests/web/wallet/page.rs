//! The wallet on the case page and in the portal.
