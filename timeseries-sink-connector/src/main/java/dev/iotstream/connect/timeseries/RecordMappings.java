package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.timeseries.lineprotocol.LineProtocolInput;
import dev.iotstream.connect.timeseries.mapping.ArrayPoints;
import dev.iotstream.connect.timeseries.mapping.DestinationTemplate;
import dev.iotstream.connect.timeseries.mapping.MappedRecord;
import dev.iotstream.connect.timeseries.mapping.PointMapper;
import dev.iotstream.connect.timeseries.mapping.RecordMapping;

/** Chooses how records become points from the configuration: line protocol, array elements or one point each. */
final class RecordMappings {
    private RecordMappings() {
    }

    static RecordMapping forConfig(TimeSeriesSinkConfig config) {
        DestinationTemplate destination = config.destinationTemplate();
        DestinationTemplate routing = destination.isConstant() ? null : destination;
        if (config.lineProtocolInput()) {
            LineProtocolInput input = new LineProtocolInput(config.metadataSettings(), config.writePrecision());
            return record -> {
                String target = routing == null ? null : routing.render(record, null);
                LineProtocolInput.Mapped mapped = input.map(record);
                return new MappedRecord(mapped.lines(), mapped.points(), 0, target, mapped.problem());
            };
        }
        PointMapper mapper = new PointMapper(config.mappingSettings(), routing);
        String array = config.pointsArray();
        return array.isEmpty() ? RecordMapping.single(mapper) : new ArrayPoints(mapper, array);
    }
}
