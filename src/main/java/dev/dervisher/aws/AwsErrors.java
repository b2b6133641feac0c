package dev.dervisher.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** The AWS error code and a one-line message of an SDK failure, for lines a user reads. */
public final class AwsErrors {

    private AwsErrors() {
    }

    public static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    public static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    /** "Code (message)", the way every AWS failure is shown. */
    public static String describe(SdkException e) {
        return code(e) + " (" + message(e) + ")";
    }
}
