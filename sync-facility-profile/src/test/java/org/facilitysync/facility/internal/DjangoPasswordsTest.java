package org.facilitysync.facility.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DjangoPasswordsTest {

    /** Django 3.2: make_password("password", salt="seasalt", hasher="pbkdf2_sha256") with 260000 iterations. */
    @Test
    void encodesAsDjangoDoes() {
        String encoded = DjangoPasswords.encode("password".toCharArray(), "seasalt", 260_000);
        assertTrue(encoded.startsWith("pbkdf2_sha256$260000$seasalt$"), encoded);
        assertTrue(DjangoPasswords.matches("password".toCharArray(), encoded));
    }

    /** RFC 7914 §11 test vector for PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, first 32 bytes). */
    @Test
    void derivesTheStandardPbkdf2() {
        String encoded = DjangoPasswords.encode("passwd".toCharArray(), "salt", 1);
        byte[] derived = java.util.Base64.getDecoder().decode(encoded.substring(encoded.lastIndexOf('$') + 1));
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc",
                java.util.HexFormat.of().formatHex(derived));
    }

    @Test
    void refusesWrongPasswordsAndForeignFormats() {
        String encoded = DjangoPasswords.hash("secret".toCharArray());
        assertTrue(DjangoPasswords.matches("secret".toCharArray(), encoded));
        assertFalse(DjangoPasswords.matches("Secret".toCharArray(), encoded));
        assertFalse(DjangoPasswords.matches("secret".toCharArray(), "NOT_SPECIFIED"));
        assertFalse(DjangoPasswords.matches("secret".toCharArray(), "pbkdf2_sha256$x$salt$hash"));
        assertFalse(DjangoPasswords.matches("secret".toCharArray(), null));
    }
}
