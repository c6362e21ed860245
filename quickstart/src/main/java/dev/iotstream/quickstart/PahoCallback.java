package dev.iotstream.quickstart;

import java.util.function.Consumer;

/**
 * A publish completion for either Paho client: v3 and v5 each declare their own listener interface (with their own
 * token type), so one class implements both and the two publishers share it. Runs on Paho's callback thread.
 */
final class PahoCallback implements org.eclipse.paho.client.mqttv3.IMqttActionListener,
        org.eclipse.paho.mqttv5.client.MqttActionListener {
    private final Runnable onSuccess;
    private final Consumer<Throwable> onFailure;

    PahoCallback(Runnable onSuccess, Consumer<Throwable> onFailure) {
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
    }

    @Override
    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
        onSuccess.run();
    }

    @Override
    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable error) {
        onFailure.accept(error);
    }

    @Override
    public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        onSuccess.run();
    }

    @Override
    public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable error) {
        onFailure.accept(error);
    }
}
