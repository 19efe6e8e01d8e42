package org.facilitysync.core.testsupport;

/** The databases every storage test runs on: {@code @ParameterizedTest @EnumSource(DatabaseKind.class)}. */
public enum DatabaseKind {
    SQLITE,
    POSTGRESQL
}
