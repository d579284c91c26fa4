package io.femto4j.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Servlet requests and responses for unit tests, as dynamic proxies: a request answers its method, path, headers,
 * parameters and attributes; a response records status, headers, content type and body. Methods the code under
 * test does not call fail loudly.
 */
final class FakeHttp {
    private FakeHttp() {
    }

    static final class Request {
        final String method;
        final String pathInfo;
        final Map<String, String> headers = new HashMap<>();
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, Object> attributes = new HashMap<>();
        /** Uploaded files by form field: the submitted file name and the bytes. */
        final Map<String, Map.Entry<String, byte[]>> files = new HashMap<>();
        String remoteAddress = "127.0.0.1";

        Request(String method, String pathInfo) {
            this.method = method;
            this.pathInfo = pathInfo;
        }

        Request header(String name, String value) {
            headers.put(name.toLowerCase(), value);
            return this;
        }

        Request param(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        Request file(String field, String fileName, byte[] bytes) {
            files.put(field, Map.entry(fileName, bytes));
            return this;
        }

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> pathInfo;
                        case "getRemoteAddr" -> remoteAddress;
                        case "getContextPath" -> "/system/console";
                        case "getHeader" -> headers.get(((String) args[0]).toLowerCase());
                        case "getParameter" -> parameters.get((String) args[0]);
                        case "getContentType" -> headers.get("content-type");
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getPart" -> part(files.get((String) args[0]));
                        case "toString" -> method + " " + pathInfo;
                        default -> throw new UnsupportedOperationException("request." + m.getName());
                    });
        }
    }

    private static Part part(Map.Entry<String, byte[]> file) {
        return file == null ? null : (Part) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {Part.class}, (p, m, args) -> switch (m.getName()) {
                    case "getSubmittedFileName" -> file.getKey();
                    case "getInputStream" -> new ByteArrayInputStream(file.getValue());
                    case "getSize" -> (long) file.getValue().length;
                    default -> throw new UnsupportedOperationException("part." + m.getName());
                });
    }

    static final class Response {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();
        private final PrintWriter writer = new PrintWriter(body);

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getWriter" -> {
                                return writer;
                            }
                            case "flushBuffer" -> writer.flush();
                            case "toString" -> {
                                return "response " + status;
                            }
                            default -> throw new UnsupportedOperationException("response." + m.getName());
                        }
                        return null;
                    });
        }

        String body() {
            writer.flush();
            return body.toString();
        }
    }
}
