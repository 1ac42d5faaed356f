//! EZSP: the EmberZNet Serial Protocol (Silicon Labs UG100).
