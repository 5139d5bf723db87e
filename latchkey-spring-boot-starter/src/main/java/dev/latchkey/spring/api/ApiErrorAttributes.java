package dev.latchkey.spring.api;

import jakarta.servlet.RequestDispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Boot's error attributes, except that an error under {@code /api/} that reached the error page (the
 * container's or Boot's {@code /error}) is rendered as Latchkey's {@code {"error", "detail"}} rather than
 * Spring's {@code {"timestamp", "status", "error", "path"}} (SPEC §5). Other paths keep Boot's attributes.
 */
public final class ApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
        Object uri = webRequest.getAttribute(RequestDispatcher.ERROR_REQUEST_URI, RequestAttributes.SCOPE_REQUEST);
        String contextPath = webRequest.getContextPath();
        if (!(uri instanceof String path) || !path.startsWith(contextPath + "/api/")) {
            return super.getErrorAttributes(webRequest, options);
        }
        Object status = webRequest.getAttribute(RequestDispatcher.ERROR_STATUS_CODE, RequestAttributes.SCOPE_REQUEST);
        String allow = webRequest instanceof ServletWebRequest servlet && servlet.getResponse() != null
                ? servlet.getResponse().getHeader(HttpHeaders.ALLOW) : null;
        ApiError error = ApiError.ofStatus(status instanceof Integer code ? code : 500, allow);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("detail", error.detail());
        return body;
    }
}
