package dev.latchkey.core.admin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An admin's change to an account (SPEC §12 {@code PATCH}), as received: the engine validates it.
 *
 * @param status {@code active} or {@code disabled}, or null to keep it
 * @param roles the new role names, replacing the old ones, or null to keep them
 */
public record AccountPatch(@Nullable String status, @Nullable List<String> roles) {}
