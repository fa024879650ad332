package org.customerhub.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A secret as the hub stores it (a partner's cXML shared secret, a user's password):
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in Base64). Run {@code main} to hash a new one.
 */
public final class HashedSecret {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private HashedSecret(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    public static HashedSecret parse(String stored) {
        String[] parts = stored.trim().split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("a hashed secret must be " + PREFIX + "$<iterations>$<salt>$<hash>");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        return new HashedSecret(Integer.parseInt(parts[1]), base64.decode(parts[2]), base64.decode(parts[3]));
    }

    public static String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return PREFIX + "$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(secret, salt, ITERATIONS));
    }

    /** Compares in constant time, so the answer's timing says nothing about how much of the secret was right. */
    public boolean matches(String secret) {
        return MessageDigest.isEqual(hash, derive(secret, salt, iterations));
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Prints the stored form of the secret given as the only argument. */
    public static void main(String[] args) {
        if (args.length != 1 || args[0].isEmpty()) {
            System.err.println("usage: HashedSecret <secret or password>");
            System.exit(2);
        }
        System.out.println(hash(args[0]));
    }
}
