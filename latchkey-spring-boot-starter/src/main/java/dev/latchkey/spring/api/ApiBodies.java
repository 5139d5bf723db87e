package dev.latchkey.spring.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.core.identity.User;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the JSON API. Unknown request fields are ignored (SPEC §5). */
final class ApiBodies {
    private ApiBodies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SignInRequestBody(@Nullable String email, @Nullable String phone, @Nullable String next,
                             @JsonProperty("code_challenge") @Nullable String codeChallenge, @Nullable String locale) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ExchangeBody(@Nullable String token, @JsonProperty("code_verifier") @Nullable String codeVerifier,
                        @JsonProperty("request_id") @Nullable String requestId, @Nullable String code,
                        @Nullable String email, @Nullable String phone) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RefreshBody(@JsonProperty("refresh_token") @Nullable String refreshToken) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EmailChangeBody(@JsonProperty("new_email") @Nullable String newEmail) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenBody(@Nullable String token) {}

    record Accepted(@JsonProperty("request_id") String requestId, @JsonProperty("expires_in") long expiresIn,
                    String detail) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserView(String id, @Nullable String email, @Nullable String phone) {
        static UserView of(User user) {
            return new UserView(user.id().value(), user.email() == null ? null : user.email().value(),
                    user.phone() == null ? null : user.phone().value());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Me(String id, @Nullable String email, @Nullable String phone, @JsonProperty("created_at") String createdAt) {}

    record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn, @JsonProperty("refresh_token") String refreshToken,
                         UserView user) {
        @Override
        public String toString() {
            return "TokenResponse[user=" + user.id() + ", tokens=<redacted>]";
        }
    }

    record Changed(UserView user) {}
}
