/**
 * The admin API of SPEC §12 under {@code /api/admin/}: a resource server for this server's own
 * {@code client_credentials} tokens with scope {@code latchkey.admin}; the engine's {@code Administration}
 * decides, the controller translates.
 */
@NullMarked
package dev.latchkey.server.admin;

import org.jspecify.annotations.NullMarked;
