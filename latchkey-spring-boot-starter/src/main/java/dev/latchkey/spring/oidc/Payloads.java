package dev.latchkey.spring.oidc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Spring Security's own serialized form of registered clients and authorizations, as the store's
 * opaque payload. Reading accepts only JDK, Spring and Latchkey classes, so a tampered row cannot
 * instantiate anything else.
 */
final class Payloads {
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=40;maxbytes=1000000;java.**;org.springframework.**;dev.latchkey.**;!*");

    private Payloads() {
    }

    static byte[] write(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("could not serialize a " + value.getClass().getSimpleName(), e);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] payload, Class<T> type) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
            in.setObjectInputFilter(ALLOWED);
            return type.cast(in.readObject());
        } catch (InvalidClassException e) {
            // Written by another release of Spring Security: treated as absent, the client signs in again.
            throw new StalePayloadException(type, e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " cannot be read", e);
        }
    }

    /** A payload written by a release whose classes have changed since. */
    static final class StalePayloadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StalePayloadException(Class<?> type, InvalidClassException cause) {
            super("a stored " + type.getSimpleName() + " was written by another release", cause);
        }
    }
}
