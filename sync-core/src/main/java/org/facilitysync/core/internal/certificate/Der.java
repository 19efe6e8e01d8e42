package org.facilitysync.core.internal.certificate;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER (ASN.1) this package needs to move RSA keys between the PKCS#1 forms Morango
 * stores and the X.509 / PKCS#8 forms the JDK's {@code KeyFactory} reads, without a crypto library.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;

    /** The algorithm identifier of an RSA key: SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }. */
    static final byte[] RSA_ALGORITHM_IDENTIFIER = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private Der() {
    }

    /** One decoded element: its tag and content bytes. */
    record Element(int tag, byte[] content) {

        /** The elements inside a constructed element (e.g. a SEQUENCE). */
        List<Element> children() {
            List<Element> children = new ArrayList<>();
            int[] position = {0};
            while (position[0] < content.length) {
                children.add(read(content, position));
            }
            return children;
        }

        BigInteger integer() {
            if (tag != INTEGER) {
                throw new IllegalArgumentException("expected a DER INTEGER but found tag 0x" + Integer.toHexString(tag));
            }
            return new BigInteger(content);
        }
    }

    /** Decodes exactly one element spanning all of {@code der}. */
    static Element decode(byte[] der) {
        int[] position = {0};
        Element element = read(der, position);
        if (position[0] != der.length) {
            throw new IllegalArgumentException("trailing bytes after DER element (" + (der.length - position[0]) + ")");
        }
        return element;
    }

    private static Element read(byte[] der, int[] position) {
        int p = position[0];
        if (p + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER at byte " + p);
        }
        int tag = der[p++] & 0xff;
        int length = der[p++] & 0xff;
        if (length >= 0x80) {
            int count = length & 0x7f;
            if (count == 0 || count > 4 || p + count > der.length) {
                throw new IllegalArgumentException("unsupported DER length encoding at byte " + (p - 1));
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[p++] & 0xff);
            }
        }
        if (length < 0 || p + length > der.length) {
            throw new IllegalArgumentException("DER element at byte " + position[0] + " runs past the end");
        }
        position[0] = p + length;
        return new Element(tag, Arrays.copyOfRange(der, p, p + length));
    }

    /** Encodes one element. */
    static byte[] encode(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] lengthBytes = BigInteger.valueOf(length).toByteArray();
            int start = lengthBytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (lengthBytes.length - start));
            out.write(lengthBytes, start, lengthBytes.length - start);
        }
        out.write(content, 0, content.length);
        return out.toByteArray();
    }

    /** Encodes a SEQUENCE of already encoded elements. */
    static byte[] sequence(byte[]... elements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] element : elements) {
            content.write(element, 0, element.length);
        }
        return encode(SEQUENCE, content.toByteArray());
    }

    /** Encodes an INTEGER (two's complement, minimal, as {@link BigInteger#toByteArray()} gives it). */
    static byte[] integer(BigInteger value) {
        return encode(INTEGER, value.toByteArray());
    }
}
