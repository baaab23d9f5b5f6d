package com.m365.e4upgrade.licensing.graph;

/**
 * A Graph or Entra ID refusal that another attempt will not cure (bad client credentials,
 * missing permission, a malformed request): the step fails instead of retrying. Messages
 * name the tenant, the call and Microsoft's error code, never a credential.
 */
public class GraphGatewayException extends RuntimeException {

    public GraphGatewayException(String message) {
        super(message);
    }

    public GraphGatewayException(String message, Throwable cause) {
        super(message, cause);
    }

}
