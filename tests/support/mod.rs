//! Test support shared by the reliability tests.
#![allow(dead_code)]

pub mod faulty;
pub mod harness;
